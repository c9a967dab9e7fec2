"""Publishing: the outbox of deliveries and the runner that works them."""
