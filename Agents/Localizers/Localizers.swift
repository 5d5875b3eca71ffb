// Localizers module.
