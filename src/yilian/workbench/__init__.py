"""The workbench (工作台): what waits for the signed-in person, across every module."""
