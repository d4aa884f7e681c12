import Survival
print("survql-bench: under construction")
