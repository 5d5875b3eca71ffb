/// One reply on its way out: header fields and the tensors that follow it as frames.
struct BridgeReply {
    /// A tensor payload, sent straight from the session's buffers.
    enum Payload {
        /// `f32` values.
        case floats([Float])
        /// `f64` values.
        case doubles([Double])
        /// `bool` values, one byte each.
        case bools([Bool])
    }

    /// The header's fields beyond `v`, `id` and `ok`.
    var header = JSONWriter()
    /// The tensors, in frame order.
    var tensors: [(frame: TensorFrame, payload: Payload)] = []

    /// An empty successful reply.
    init() {}
}

#if _endian(big)
    #error("GymBridge sends host-order tensors and so needs a little-endian host")
#endif
