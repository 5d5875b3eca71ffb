// GymBridge module.
