"""terminology rules (see DESIGN §3)."""

from __future__ import annotations
