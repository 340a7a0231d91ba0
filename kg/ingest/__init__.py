"""Reading a dataset folder and writing it to a store."""
