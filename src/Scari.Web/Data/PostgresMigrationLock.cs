using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations.Internal;

namespace Scari.Web.Data;

#pragma warning disable EF1001 // NpgsqlHistoryRepository is internal API; this subclass changes only how the migration lock is held.

/// <summary>
/// The migration lock on PostgreSQL as a session advisory lock held for the whole <c>Migrate</c> call. The provider's own
/// lock is transaction-scoped and the migrator commits between migrations, so with more than one pending migration a
/// second instance starting together slipped in after the first commit and re-ran the next migration ("column … already
/// exists"). A session lock covers every migration of the run and is released when the run ends (or its connection dies).
/// </summary>
internal sealed class SessionLockNpgsqlHistoryRepository(HistoryRepositoryDependencies dependencies) : NpgsqlHistoryRepository(dependencies)
{
    // Any fixed 64-bit key, the same for every instance: "SCARIMIG" in ASCII.
    private const string Lock = "SELECT pg_advisory_lock(6000788046862649671)";
    private const string Unlock = "SELECT pg_advisory_unlock(6000788046862649671)";

    public override LockReleaseBehavior LockReleaseBehavior => LockReleaseBehavior.Connection;

    public override IMigrationsDatabaseLock AcquireDatabaseLock()
    {
        Dependencies.MigrationsLogger.AcquiringMigrationLock();
        Command(Lock).ExecuteNonQuery(Parameters());
        return new SessionLock(this);
    }

    public override async Task<IMigrationsDatabaseLock> AcquireDatabaseLockAsync(CancellationToken cancellationToken = default)
    {
        Dependencies.MigrationsLogger.AcquiringMigrationLock();
        await Command(Lock).ExecuteNonQueryAsync(Parameters(), cancellationToken);
        return new SessionLock(this);
    }

    private IRelationalCommand Command(string sql) => Dependencies.RawSqlCommandBuilder.Build(sql);

    private RelationalCommandParameterObject Parameters() =>
        new(Dependencies.Connection, null, null, Dependencies.CurrentContext.Context, Dependencies.CommandLogger, CommandSource.Migrations);

    private sealed class SessionLock(SessionLockNpgsqlHistoryRepository repository) : IMigrationsDatabaseLock
    {
        public IHistoryRepository HistoryRepository => repository;

        // A reopened connection is a new session: the lock went with the old one.
        public IMigrationsDatabaseLock ReacquireIfNeeded(bool connectionReopened, bool? transactionRestarted) =>
            connectionReopened ? repository.AcquireDatabaseLock() : this;

        public Task<IMigrationsDatabaseLock> ReacquireIfNeededAsync(bool connectionReopened, bool? transactionRestarted,
            CancellationToken cancellationToken = default) =>
            connectionReopened ? repository.AcquireDatabaseLockAsync(cancellationToken) : Task.FromResult<IMigrationsDatabaseLock>(this);

        public void Dispose() => repository.Command(Unlock).ExecuteNonQuery(repository.Parameters());

        public async ValueTask DisposeAsync() => await repository.Command(Unlock).ExecuteNonQueryAsync(repository.Parameters());
    }
}
