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

    /// The reply's size on the wire, near enough: header fields, tensor descriptors and tensor bytes.
    var byteCount: Int {
        tensors.reduce(header.byteCount + 64) { total, tensor in
            switch tensor.payload {
            case .floats(let values): return total + 80 + values.count * 4
            case .doubles(let values): return total + 80 + values.count * 8
            case .bools(let values): return total + 80 + values.count
            }
        }
    }
}

#if _endian(big)
    #error("GymBridge sends host-order tensors and so needs a little-endian host")
#endif
