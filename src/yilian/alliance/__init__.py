"""The alliance (医联体): organisations, departments, diagnosis centres and agreements."""
