/// A large configuration of every kind of check, as a fleet-wide drop-in might be.
enum GeneratedConfiguration {
    static func text(checks: Int) -> String {
        var text = """
            [daemon]
            stop_timeout = "5s"

            [database.main]
            conninfo = "host=/run/postgresql dbname=main user=vigil connect_timeout=5"

            """
        for index in 0..<checks {
            text += "\n[[check]]\nname = \"check_\(index)\"\n"
            switch index % 5 {
            case 0:
                text += """
                    kind = "postgres"
                    database = "main"
                    query = "SELECT 1"
                    warning = { latency_ms = 200, connections_used_percent = 80 }
                    critical = { latency_ms = 1000, connections_used_percent = 95 }

                    """
            case 1:
                text += """
                    kind = "http"
                    url = "http://127.0.0.1:8080/health/\(index)"
                    expect_status = [200, 204]
                    warning = { latency_ms = 500 }
                    critical = { latency_ms = 2000 }

                    """
            case 2:
                text += """
                    kind = "memory"
                    warning = { available_percent = 15 }
                    critical = { available_percent = 5 }

                    """
            case 3:
                text += """
                    kind = "disk"
                    path = "/srv/volume\(index)"
                    warning = { free_percent = 20, inodes_free_percent = 20 }
                    critical = { free_percent = 10, inodes_free_percent = 10 }

                    """
            default:
                text += """
                    kind = "command"
                    argv = ["/usr/lib/nagios/plugins/check_dummy", "0", "ok"]
                    env = { LC_ALL = "C" }

                    """
            }
            text += "interval = \"30s\"\ntimeout = \"5s\"\nseverity = \"P\(index % 4)\"\n"
        }
        return text
    }
}
