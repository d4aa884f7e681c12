-- Headless Neovim 0.7 as a language client of `survql lsp`: opens an example, adds a line with a
-- mistake, waits for the pushed diagnostic, asks for a completion, and writes what it saw as JSON
-- to $SURVQL_NVIM_OUT. Run: nvim --headless -u NONE -c "luafile check.lua"
local bin = os.getenv("SURVQL_BIN")
local root = os.getenv("SURVQL_ROOT")
local out = os.getenv("SURVQL_NVIM_OUT")
local result = { diagnostics = {}, completion = {}, errors = {} }

local function finish()
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd("qall!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. root .. "/examples/lung.survql")
  vim.bo.filetype = "survql"
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    cmd = { bin, "lsp" },
    root_dir = root,
    name = "survql",
    handlers = {},
  })
  assert(client_id, "start_client failed")
  vim.lsp.buf_attach_client(buf, client_id)
  local ready = vim.wait(20000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized
  end, 50)
  assert(ready, "server did not initialize")
  result.encoding = vim.lsp.get_client_by_id(client_id).offset_encoding

  -- A mistake at the end of the example: an unknown cohort.
  local last = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, last, last, false, { "survive nope by sex" })
  local got = vim.wait(20000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 50)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message })
  end
  result.diagnostics_arrived = got

  -- Complete a verb at the start of a new line.
  vim.api.nvim_buf_set_lines(buf, last + 1, last + 1, false, { "surv" })
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = last + 1, character = 4 } }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/completion", params, 20000)
  for _, r in pairs(responses or {}) do
    if r.error then table.insert(result.errors, r.error.message) end
    local items = r.result and (r.result.items or r.result) or {}
    for _, item in ipairs(items) do table.insert(result.completion, item.label) end
  end
  vim.lsp.stop_client(client_id)
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
