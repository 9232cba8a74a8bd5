namespace Scari.Web.Features.Mail;

/// <summary>
/// A last look before a message of one <see cref="Kind"/> goes out. A feature that queues a message for later (the
/// impact survey's invitation, due weeks after the completion) registers one to say whether it is still wanted;
/// a message refused here is Anulado with the reason, never sent.
/// </summary>
public interface IOutboxGuard
{
    string Kind { get; }

    /// <summary>Null to send; else why not, in Spanish, shown at /admin/correo.</summary>
    Task<string?> ReasonNotToSendAsync(OutboxMessage message, CancellationToken ct);
}
