// The umbrella module: `import SensingGym` brings in the whole library.
@_exported import Agents
@_exported import Environments
@_exported import GymBridge
@_exported import GymCore
@_exported import Localizers
@_exported import NeuralNet
@_exported import RadioScene
