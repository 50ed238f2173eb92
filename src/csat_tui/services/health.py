"""The store's health for the CLI: check, backup and rescue (see `csat_tui.store.health`)."""

from csat_tui.store.health import Damage, Health, Rescue, TableRescue, backup, check, rescue

__all__ = ["Damage", "Health", "Rescue", "TableRescue", "backup", "check", "rescue"]
