import VigilCore

extension NotificationDelivery {
    /// What a command reads on stdin: a mail, so `sendmail -t` sends it as it is: `headers` (sorted
    /// by name), `Subject:`, a blank line, then the body (ending in a newline). A reader that is not
    /// a mailer finds the subject on the first line after the headers.
    func mailText(headers: [String: String] = [:]) -> String {
        let body = self.body.hasSuffix("\n") || self.body.isEmpty ? self.body : self.body + "\n"
        let lines = headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\n" }.joined()
        return lines + "Subject: " + subject + "\n\n" + body
    }
}
