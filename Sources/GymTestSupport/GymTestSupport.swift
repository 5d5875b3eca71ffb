// GymTestSupport module.
