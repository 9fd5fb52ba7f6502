"""Login through an identity provider (VNeID or any OpenID Connect provider), as a plug-in.

``base.Provider`` is the interface; the provider is chosen by ``MOTCUA_IDENTITY_PROVIDER`` (a
dotted path, default the local simulator). The core never imports a concrete provider.
"""
