import Testing
import VigilCore

/// The kernel's files as they read on this machine's kernel, and their edges.
@Suite struct ResourceReadingsTests {
    @Test("a cgroup's memory.current and cpu.stat")
    func cgroup() {
        #expect(ResourceReadings.cgroupValue("157286400\n") == 157_286_400)
        #expect(ResourceReadings.cgroupValue("max\n") == nil)
        let stat = "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 0\n"
        #expect(ResourceReadings.cgroupCPUSeconds(stat) == 2.5)
        #expect(ResourceReadings.cgroupCPUSeconds("user_usec 1\n") == nil)
    }

    @Test("a process's VmRSS and utime + stime, its name holding spaces and parentheses")
    func process() {
        #expect(ResourceReadings.processResidentBytes("Name:\tpython3\nVmPeak:\t  20000 kB\nVmRSS:\t   10240 kB\n") == 10_485_760)
        #expect(ResourceReadings.processResidentBytes("Name:\tkthreadd\n") == nil)
        let stat = "4242 (my (odd) name) R 1 4242 4242 0 -1 4194304 100 0 0 0 150 30 0 0 20 0 1 0 12345 1000000 256"
        #expect(ResourceReadings.processCPUTicks(stat) == 180)
        #expect(ResourceReadings.processCPUTicks("4242 (short) R 1") == nil)
    }

    @Test("a pid file: its first line, a positive integer")
    func pidFile() {
        #expect(ResourceReadings.pid("4242\n") == 4242)
        #expect(ResourceReadings.pid(" 17 \nrest") == 17)
        #expect(ResourceReadings.pid("0\n") == nil && ResourceReadings.pid("") == nil && ResourceReadings.pid("abc") == nil)
    }
}
