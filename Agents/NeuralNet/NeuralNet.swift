// NeuralNet module.
