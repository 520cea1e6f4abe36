"""The bridge between the database and the pure scoring engine (the `engine` package): plain records made from
model rows (`records`), and the engine each worker process keeps in step with the database (`worker`)."""
