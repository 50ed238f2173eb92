"""How an agent's name is read: `Name (email)` and `Name <email>` are one agent, Name.

The rule lives in `csat_tui.records` (the store's migration needs it too).
"""

from csat_tui.records import agent_name as agent_name
