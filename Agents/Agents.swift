// Agents module.
