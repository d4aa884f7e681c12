// SurvQLServer
