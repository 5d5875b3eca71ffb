// GymCore module.
