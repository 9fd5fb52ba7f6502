"""Payment provider plug-ins (architecture rule 6): one folder per provider, chosen by settings.

The core talks to ``base.Provider`` through ``registry.get_provider``; it never imports a concrete
provider. A provider module registers itself with ``@registry.register("code")`` on import.
"""
