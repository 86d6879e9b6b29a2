"""Who may open the workbench: everyone signed in; what it holds is each module's own rule
(scope before state) applied to the person asking."""

from __future__ import annotations

from yilian.core.authz import signed_in

READ = signed_in("read my workbench")
