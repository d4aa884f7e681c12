// SurvQLRendering
