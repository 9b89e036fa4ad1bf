import Foundation
import Logging
import PostgresNIO
import Synchronization

extension PostgresStore: SharedStore {
    public func claimJob(lease: Duration, at date: Date) async throws(StoreError) -> JobRecord? {
        let replicaID = self.replicaID
        let seconds = Self.seconds(lease)
        while true {
            // One transaction: the row stays locked (others skip it) until this replica's lease is committed.
            // Announced only when something was claimed: every replica polls, and an empty poll changes nothing.
            let claim = try await transaction(announcing: nil) { connection, logger -> Claim in
                guard
                    let row = try await rows(
                        connection.query(
                            """
                            SELECT * FROM job
                            WHERE status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until < now()))
                            ORDER BY sequence LIMIT 1 FOR UPDATE SKIP LOCKED
                            """, logger: logger)
                    ).first
                else { return .none }
                var job = try PostgresRows.job(row)
                if job.state.status == .running {
                    // Its replica died: back to its last checkpoint first, so that the start counts a resume.
                    let checkpoint = try await rows(
                        connection.query("SELECT epoch, loss FROM job_checkpoint WHERE job_id = \(job.id)", logger: logger)
                    ).first
                    try job.state.apply(
                        .interrupt(
                            checkpointEpoch: try checkpoint?["epoch"].decode(Int.self) ?? 0,
                            loss: try checkpoint?["loss"].decode(Double.self), at: date))
                    if job.state.status.isFinished {
                        try await Self.finish(job, snapshots: [], on: connection, logger: logger)
                        try await Self.announce("changed", on: connection, logger: logger)
                        return .ended
                    }
                }
                try job.state.apply(.start(at: date))
                try await Self.update(job, on: connection, logger: logger)
                try await connection.query(
                    """
                    UPDATE job SET worker = \(replicaID), lease_until = now() + make_interval(secs => \(seconds))
                    WHERE id = \(job.id)
                    """, logger: logger)
                try await Self.announce("changed", on: connection, logger: logger)
                return .claimed(job)
            }
            switch claim {
            case .none: return nil
            case .claimed(let job): return job
            case .ended: continue  // a dead replica's job whose cancel was already asked for: look again
            }
        }
    }

    public func renewLease(ofJob id: String, lease: Duration) async throws(StoreError) -> LeaseRenewal {
        let replicaID = self.replicaID
        let seconds = Self.seconds(lease)
        let logger = self.logger
        let renewed = try await call { client in
            try await rows(
                client.query(
                    """
                    UPDATE job SET lease_until = now() + make_interval(secs => \(seconds))
                    WHERE id = \(id) AND worker = \(replicaID) AND status = 'running'
                    RETURNING cancel_requested
                    """, logger: logger))
        }
        guard let row = renewed.first else { return .lost }
        do {
            return .held(cancelRequested: try row["cancel_requested"].decode(Bool.self))
        } catch {
            throw .unavailable("cannot read a lease: \(error)")
        }
    }

    public func requestCancel(ofJob id: String, at date: Date) async throws(StoreError) -> CancelOutcome {
        let outcome = try await transaction(announcing: "cancel:\(id)") { connection, logger -> CancelOutcome in
            guard let row = try await rows(connection.query("SELECT * FROM job WHERE id = \(id) FOR UPDATE", logger: logger)).first
            else { return .notFound }
            var job = try PostgresRows.job(row)
            do {
                try job.state.apply(.requestCancel(at: date))
            } catch {
                return .alreadyFinished(job)
            }
            if job.state.status.isFinished {
                try await Self.finish(job, snapshots: [], on: connection, logger: logger)
            } else {
                try await connection.query("UPDATE job SET cancel_requested = true WHERE id = \(id)", logger: logger)
            }
            return .requested(job)
        }
        return outcome
    }

    public func queuedJobCount() async throws(StoreError) -> Int {
        let logger = self.logger
        return try await call { client in
            try await rows(client.query("SELECT count(*) AS n FROM job WHERE status = 'queued'", logger: logger)).first?["n"]
                .decode(Int.self) ?? 0
        }
    }

    public var isReachable: Bool { reachable.load(ordering: .relaxed) }

    private enum Claim: Sendable {
        case none, ended
        case claimed(JobRecord)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
