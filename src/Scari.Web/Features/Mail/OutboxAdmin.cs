using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;

namespace Scari.Web.Features.Mail;

/// <summary>What /admin/correo shows and does: the outbox without bodies, the last delivery problem, resend.</summary>
public sealed class OutboxAdmin(ScariDbContext db, TimeProvider clock, AuditLog audit, OutboxSignal signal)
{
    public sealed record Row(long Id, DateTime CreatedUtc, string Kind, string ToAddress, string Subject, OutboxStatus Status,
        int Attempts, DateTime NextAttemptUtc, DateTime? SentUtc, string? LastError, string? FileName, bool CarriesSecret, bool Redacted);

    public sealed record Problem(DateTime AtUtc, string Error);

    public async Task<IReadOnlyList<Row>> ListAsync(OutboxStatus? status, int take, CancellationToken ct)
    {
        var query = db.OutboxMessages.AsNoTracking();
        if (status is { } s) query = query.Where(m => m.Status == s);
        // Only what an administrator may see: never TextBody or HtmlBody, which can hold a link with a token.
        return await query.OrderByDescending(m => m.Id).Take(take)
            .Select(m => new Row(m.Id, m.CreatedUtc, m.Kind, m.ToAddress, m.Subject, m.Status, m.Attempts, m.NextAttemptUtc,
                m.SentUtc, m.LastError, m.FileName, m.CarriesSecret, m.Redacted))
            .ToListAsync(ct);
    }

    public async Task<Dictionary<OutboxStatus, int>> CountsAsync(CancellationToken ct) =>
        await db.OutboxMessages.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    /// <summary>The most recent failed attempt of a message still waiting or given up, if any.</summary>
    public async Task<Problem?> CurrentProblemAsync(CancellationToken ct) =>
        await db.OutboxMessages.AsNoTracking()
            .Where(m => m.LastError != null && (m.Status == OutboxStatus.Pendiente || m.Status == OutboxStatus.Fallido))
            .OrderByDescending(m => m.NextAttemptUtc)
            .Select(m => new Problem(m.NextAttemptUtc, m.LastError!))
            .FirstOrDefaultAsync(ct);

    /// <summary>Queues a failed message again from a fresh count of attempts. False when it is not failed (any more).</summary>
    public async Task<bool> ResendAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.OutboxMessages.Where(m => m.Id == id && m.Status == OutboxStatus.Fallido && !m.Redacted)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, OutboxStatus.Pendiente).SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptUtc, now), ct);
        if (changed != 1) return false;
        audit.Record("mail.resent", "OutboxMessage", id, "Mensaje fallido puesto de nuevo en la bandeja de salida.");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        signal.Pulse();
        return true;
    }
}
