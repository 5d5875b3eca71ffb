import Foundation
import XCTest

@testable import NeuralNet

/// Temp files of processes killed mid-save are removed by the next save (issue 13: 19 stale `.tmp-PID` files,
/// 104 MB, after 40 kills of `train`).
final class AtomicFileCleanupTests: XCTestCase {
    func testSave_RemovesTempFilesOfDeadProcesses_KeepsThoseOfLiveOnes() throws {
        let directory = NSTemporaryDirectory() + "atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/agent.sgnn"
        // A PID no process has: probe downwards from the kernel's largest.
        var dead: Int32 = 4_000_000
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        let stale = "\(path).tmp-\(dead)"
        let live = "\(path).tmp-1"  // init is always alive
        let unrelated = directory + "/other.sgnn.tmp-\(dead)"
        for file in [stale, live, unrelated] {
            XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data([1, 2, 3])))
        }
        try AtomicFile.replaceContents(of: path, with: [9, 9], hook: nil)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale), "the dead process's temp file is still there")
        XCTAssertTrue(FileManager.default.fileExists(atPath: live))
        XCTAssertTrue(FileManager.default.fileExists(atPath: unrelated), "another file's temp file must be left alone")
        XCTAssertEqual(try AtomicFile.contents(of: path), [9, 9])
    }
}
