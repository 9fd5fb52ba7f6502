"""A local VNeID-like OpenID Connect provider for the demo and the tests (authorization code flow)."""
