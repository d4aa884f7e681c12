// SurvQLData
