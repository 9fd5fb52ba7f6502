"""Domain events of payments.

``payment_confirmed`` is sent after the transaction that settled a payment commits (online
callback or cash at the desk), once per payment; it passes ``payment``. Notifications subscribe.
"""

from django.dispatch import Signal

payment_confirmed = Signal()
