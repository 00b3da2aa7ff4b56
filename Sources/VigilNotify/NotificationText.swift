import VigilCore

extension NotificationDelivery {
    /// What a command reads on stdin: the subject line, a blank line, then the body (ending in a
    /// newline), like a mail without headers.
    var renderedText: String {
        let body = self.body.hasSuffix("\n") || self.body.isEmpty ? self.body : self.body + "\n"
        return subject + "\n\n" + body
    }
}
