import SurvQLSyntax
print("survql: under construction")
