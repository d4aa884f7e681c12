import Foundation
import SurvQLRendering

/// The server's one `Codable` wire type: any JSON value a client sends, decoded with
/// `JSONDecoder` (which, unlike `JSONSerialization` on Linux, tells `true` from `1`). Replies are
/// built as `JSONValue` trees and written with `serialized()`, so a `survql/run` answer embeds
/// the batch runner's result objects unchanged.
extension JSONValue: Decodable {
    public init(from decoder: Decoder) throws {
        if let object = try? decoder.container(keyedBy: WireKey.self) {
            var pairs: [(String, JSONValue)] = []
            for key in object.allKeys {
                pairs.append((key.stringValue, try object.decode(JSONValue.self, forKey: key)))
            }
            self = .object(pairs)
            return
        }
        if var array = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !array.isAtEnd { items.append(try array.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let b = try? single.decode(Bool.self) {
            self = .bool(b)
        } else if let s = try? single.decode(String.self) {
            self = .string(s)
        } else if let i = try? single.decode(Int.self) {
            self = .int(i)
        } else {
            self = .number(try single.decode(Double.self))
        }
    }

    /// Decodes one message body, refusing nesting deeper than `maxDepth` before the decoder
    /// recurses into it (a hostile body must not exhaust a thread's stack).
    static func decodeMessage(_ body: [UInt8], maxDepth: Int = 64) throws -> JSONValue {
        guard JSONValue.nestingDepth(body) <= maxDepth else { throw WireError.tooDeep(maxDepth) }
        return try JSONDecoder().decode(JSONValue.self, from: Data(body))
    }

    /// The deepest nesting of arrays and objects in `bytes`, ignoring brackets inside strings.
    static func nestingDepth(_ bytes: [UInt8]) -> Int {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for b in bytes {
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    // MARK: Reading requests

    /// The member `key` of an object, or nil.
    subscript(key: String) -> JSONValue? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// The value at a dotted path of object members (`"textDocument.uri"`).
    func at(_ path: String) -> JSONValue? {
        var v: JSONValue? = self
        for key in path.split(separator: ".") { v = v?[String(key)] }
        return v
    }

    var stringValue: String? { if case let .string(s) = self { return s } else { return nil } }
    var boolValue: Bool? { if case let .bool(b) = self { return b } else { return nil } }
    var arrayValue: [JSONValue]? { if case let .array(a) = self { return a } else { return nil } }
    var isNull: Bool { if case .null = self { return true } else { return false } }
    var intValue: Int? {
        switch self {
        case let .int(i): return i
        case let .number(d) where d == d.rounded() && abs(d) < 1e15: return Int(d)
        default: return nil
        }
    }

    /// Adds or replaces a member of an object.
    func with(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case var .object(pairs) = self else { return self }
        if let i = pairs.firstIndex(where: { $0.0 == key }) { pairs[i].1 = value } else { pairs.append((key, value)) }
        return .object(pairs)
    }
}

/// Any object key, for decoding objects whose keys are not known in advance.
struct WireKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Why a message body could not be read as JSON.
enum WireError: Error, CustomStringConvertible {
    case tooDeep(Int)
    var description: String {
        switch self {
        case let .tooDeep(n): return ServerMessages.nestedTooDeeply(n)
        }
    }
}
