using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.Mail;

/// <summary>A message to queue: Spanish subject and plain text, optional HTML and calendar attachment.</summary>
public sealed record MailDraft(string Kind, string ToAddress, string ToName, string Subject, string TextBody)
{
    public string? HtmlBody { get; init; }
    public string? CalendarIcs { get; init; }
    /// <summary>The body holds a token, a link with one or a code: removed once delivered, never shown at /admin/correo.</summary>
    public bool CarriesSecret { get; init; }
    public string? DedupKey { get; init; }
    /// <summary>For what is not transactional: the one-click unsubscribe address (List-Unsubscribe headers and the footer).</summary>
    public string? UnsubscribeUrl { get; init; }
}

/// <summary>
/// Queues messages in the caller's unit of work: the caller's SaveChanges writes them in the same transaction as the
/// event, so a rolled-back event sends nothing and a committed one is never lost. Queuing never talks to SMTP, so a
/// bad mail server can never break the page that queues.
/// </summary>
public sealed class Outbox(ScariDbContext db, TimeProvider clock, OutboxSignal signal)
{
    private bool _listening;

    public OutboxMessage Add(MailDraft draft)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            CreatedUtc = now,
            NextAttemptUtc = now,
            Kind = draft.Kind,
            ToAddress = draft.ToAddress.Trim(),
            ToName = draft.ToName.Trim(),
            Subject = draft.Subject,
            TextBody = draft.TextBody,
            HtmlBody = draft.HtmlBody,
            CalendarIcs = draft.CalendarIcs,
            CarriesSecret = draft.CarriesSecret,
            DedupKey = draft.DedupKey,
            UnsubscribeUrl = draft.UnsubscribeUrl,
            Status = OutboxStatus.Pendiente,
        };
        db.OutboxMessages.Add(message);
        if (!_listening)
        {
            // Wake this instance's sender as soon as the caller's transaction is saved (others find it by polling).
            db.SavedChanges += (_, _) => signal.Pulse();
            _listening = true;
        }
        return message;
    }

    public Task<bool> AlreadyQueuedAsync(string dedupKey, CancellationToken ct) =>
        db.OutboxMessages.AnyAsync(m => m.DedupKey == dedupKey, ct);
}

/// <summary>Wakes the sender of this instance when a message was saved here.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Pulse()
    {
        try { _wake.Release(); } catch (SemaphoreFullException) { } // already awake
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}
