// SurvQLRuntime
