// RadioScene module.
