"""The recording tables (event log, people, tubes) and the SQL store behind them."""
