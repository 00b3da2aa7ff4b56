import NIOCore
import NIOHTTP1

/// The last handler of one load connection: writes the worker's requests and hands each whole
/// answer (or the connection's end) back to it. It carries the connection's generation so the
/// worker can ignore a connection it already gave up on.
final class LoadConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    let generation: Int
    private let worker: LoadWorker
    private var context: ChannelHandlerContext?
    private var status = 0
    private var keepAlive = true

    init(generation: Int, worker: LoadWorker) {
        self.generation = generation
        self.worker = worker
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func send(_ request: PreparedRequest) {
        guard let context else { return }
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        if let body = request.body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
            keepAlive = head.isKeepAlive
        case .body:
            break
        case .end:
            worker.answered(status: status, keepAlive: keepAlive, generation: generation)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        worker.connectionEnded(generation: generation)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
