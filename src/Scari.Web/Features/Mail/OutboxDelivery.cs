using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Scari.Web.Data;

namespace Scari.Web.Features.Mail;

/// <summary>
/// Delivers the outbox in the background: claims a batch, sends each message, records the outcome. A failed attempt
/// waits <see cref="MailOptions.RetryDelay"/> (doubling) and after <see cref="MailOptions.MaxAttempts"/> the message is
/// Fallido, shown at /admin/correo with a resend button. Several instances on one database never send a message twice:
/// see <see cref="OutboxClaims"/>.
/// </summary>
public sealed partial class OutboxDelivery(IServiceScopeFactory scopes, IOptions<MailOptions> options, OutboxSignal signal,
    MailTransport transport, TimeProvider clock, ILogger<OutboxDelivery> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await DeliverBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database may be unreachable or not yet migrated: try again at the next poll.
                LogRunFailed(log, e.Message, e);
            }
            if (handled > 0) continue;
            try { await signal.WaitAsync(poll, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Claims and delivers one batch; returns how many messages it handled (0: nothing was due).</summary>
    public async Task<int> DeliverBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ScariDbContext>();
        var o = options.Value;
        var token = Guid.NewGuid();
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await OutboxClaims.ClaimAsync(db, token, now, now.AddSeconds(o.LeaseSeconds), o.BatchSize, ct);
        if (claimed == 0) return 0;
        var batch = await db.OutboxMessages.AsNoTracking().Where(m => m.ClaimToken == token).OrderBy(m => m.Id).ToListAsync(ct);
        var handled = batch.Count;
        var guards = scope.ServiceProvider.GetServices<IOutboxGuard>().ToDictionary(g => g.Kind, StringComparer.Ordinal);
        if (guards.Count > 0)
        {
            foreach (var m in batch.Where(m => guards.ContainsKey(m.Kind)).ToList())
                if (await guards[m.Kind].ReasonNotToSendAsync(m, ct) is { } reason)
                {
                    await RecordVoidAsync(db, m, token, reason);
                    batch.Remove(m);
                }
            if (batch.Count == 0) return handled;
        }

        IMailSession? session = null;
        try
        {
            session = await transport.OpenAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var reason = transport.Explain(e);
            LogConnectFailed(log, reason, e);
            foreach (var m in batch) await RecordFailureAsync(db, m, token, reason, permanent: false, ct);
            return handled;
        }

        await using (session)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var m = batch[i];
                try
                {
                    var file = await session.SendAsync(transport.Compose(m), m.Id, ct);
                    await RecordSentAsync(db, m, token, file, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    var reason = transport.Explain(e);
                    LogSendFailed(log, m.Id, reason, e);
                    await RecordFailureAsync(db, m, token, reason, MailTransport.IsPermanent(e), ct);
                    if (MailTransport.AffectsOnlyThisMessage(e)) continue;
                    // The connection is gone: the rest of the batch waits for its retry, counted as an attempt.
                    foreach (var rest in batch.Skip(i + 1)) await RecordFailureAsync(db, rest, token, reason, permanent: false, ct);
                    break;
                }
            }
        }
        return handled;
    }

    private static Task RecordVoidAsync(ScariDbContext db, OutboxMessage m, Guid token, string reason) =>
        db.OutboxMessages.Where(x => x.Id == m.Id && x.ClaimToken == token).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.Status, OutboxStatus.Anulado)
            .SetProperty(x => x.ClaimToken, (Guid?)null).SetProperty(x => x.LeaseUntilUtc, (DateTime?)null)
            .SetProperty(x => x.LastError, reason.Length > 1000 ? reason[..1000] : reason), CancellationToken.None);

    private async Task RecordSentAsync(ScariDbContext db, OutboxMessage m, Guid token, string? file, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var mine = db.OutboxMessages.Where(x => x.Id == m.Id && x.ClaimToken == token);
        // Not cancellable: the message left; recording it must not be skipped by a shutdown.
        if (m.CarriesSecret)
            await mine.ExecuteUpdateAsync(u => u
                .SetProperty(x => x.Status, OutboxStatus.Enviado).SetProperty(x => x.SentUtc, now)
                .SetProperty(x => x.Attempts, x => x.Attempts + 1).SetProperty(x => x.ClaimToken, (Guid?)null)
                .SetProperty(x => x.LeaseUntilUtc, (DateTime?)null).SetProperty(x => x.LastError, (string?)null)
                .SetProperty(x => x.FileName, file)
                .SetProperty(x => x.TextBody, RedactedBody).SetProperty(x => x.HtmlBody, (string?)null)
                .SetProperty(x => x.Redacted, true), CancellationToken.None);
        else
            await mine.ExecuteUpdateAsync(u => u
                .SetProperty(x => x.Status, OutboxStatus.Enviado).SetProperty(x => x.SentUtc, now)
                .SetProperty(x => x.Attempts, x => x.Attempts + 1).SetProperty(x => x.ClaimToken, (Guid?)null)
                .SetProperty(x => x.LeaseUntilUtc, (DateTime?)null).SetProperty(x => x.LastError, (string?)null)
                .SetProperty(x => x.FileName, file), CancellationToken.None);
    }

    private async Task RecordFailureAsync(ScariDbContext db, OutboxMessage m, Guid token, string reason, bool permanent, CancellationToken ct)
    {
        var o = options.Value;
        var attempts = m.Attempts + 1;
        var final = permanent || attempts >= o.MaxAttempts;
        var next = clock.GetUtcNow().UtcDateTime + o.RetryDelay(attempts);
        var error = reason.Length > 1000 ? reason[..1000] : reason;
        await db.OutboxMessages.Where(x => x.Id == m.Id && x.ClaimToken == token).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.Status, final ? OutboxStatus.Fallido : OutboxStatus.Pendiente)
            .SetProperty(x => x.Attempts, attempts).SetProperty(x => x.NextAttemptUtc, next)
            .SetProperty(x => x.ClaimToken, (Guid?)null).SetProperty(x => x.LeaseUntilUtc, (DateTime?)null)
            .SetProperty(x => x.LastError, error), CancellationToken.None);
        if (final) LogGaveUp(log, m.Id, attempts, error);
    }

    public const string RedactedBody = "[contenido retirado tras la entrega: llevaba un enlace o código de un solo uso]";

    [LoggerMessage(EventId = 7101, Level = LogLevel.Error, Message = "Correo: no se pudo abrir la entrega. {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string reason, Exception e);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "Correo: el mensaje {Id} no se entregó. {Reason}")]
    private static partial void LogSendFailed(ILogger logger, long id, string reason, Exception e);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "Correo: el mensaje {Id} quedó fallido tras {Attempts} intentos. {Reason}")]
    private static partial void LogGaveUp(ILogger logger, long id, int attempts, string reason);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Error, Message = "Correo: la revisión de la bandeja de salida falló ({Reason}); se intentará de nuevo.")]
    private static partial void LogRunFailed(ILogger logger, string reason, Exception e);
}

/// <summary>
/// Claims due messages for one sender. PostgreSQL: one UPDATE over a sub-select <c>FOR UPDATE SKIP LOCKED</c>, so two
/// instances polling together take disjoint rows without waiting on each other. SQLite: one conditional UPDATE (SQLite
/// runs each write statement alone). A claim is a lease: if its sender dies, the message is due again once it expires.
/// </summary>
public static class OutboxClaims
{
    public static async Task<int> ClaimAsync(ScariDbContext db, Guid token, DateTime now, DateTime leaseUntil, int batchSize, CancellationToken ct)
    {
        const int pending = (int)OutboxStatus.Pendiente, sending = (int)OutboxStatus.Enviando;
        if (db is PostgresScariDbContext)
            return await db.Database.ExecuteSqlAsync($"""
                UPDATE "OutboxMessages" SET "Status" = {sending}, "ClaimToken" = {token}, "LeaseUntilUtc" = {leaseUntil}
                WHERE "Id" IN (
                    SELECT "Id" FROM "OutboxMessages"
                    WHERE ("Status" = {pending} AND "NextAttemptUtc" <= {now}) OR ("Status" = {sending} AND "LeaseUntilUtc" < {now})
                    ORDER BY "NextAttemptUtc", "Id"
                    LIMIT {batchSize}
                    FOR UPDATE SKIP LOCKED)
                """, ct);
        return await db.OutboxMessages
            .Where(m => (m.Status == OutboxStatus.Pendiente && m.NextAttemptUtc <= now)
                || (m.Status == OutboxStatus.Enviando && m.LeaseUntilUtc < now))
            .OrderBy(m => m.NextAttemptUtc).ThenBy(m => m.Id)
            .Take(batchSize)
            .ExecuteUpdateAsync(u => u
                .SetProperty(m => m.Status, OutboxStatus.Enviando)
                .SetProperty(m => m.ClaimToken, token)
                .SetProperty(m => m.LeaseUntilUtc, leaseUntil), ct);
    }
}
