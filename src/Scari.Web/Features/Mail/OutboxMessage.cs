using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Scari.Web.Features.Mail;

/// <summary>Anulado: a message that was no longer wanted when it fell due (see <see cref="IOutboxGuard"/>); never sent.</summary>
public enum OutboxStatus { Pendiente = 0, Enviando = 1, Enviado = 2, Fallido = 3, Anulado = 4 }

/// <summary>
/// One message to deliver, written in the same SaveChanges as the event that causes it and delivered by
/// <see cref="OutboxDelivery"/>. A message that carries a secret (a link with a token, a code) loses its body once sent.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public DateTime CreatedUtc { get; set; }
    /// <summary>What it is, e.g. <c>cuenta.restablecer</c>, <c>inscripcion</c>: shown to administrators.</summary>
    public string Kind { get; set; } = "";
    public string ToAddress { get; set; } = "";
    public string ToName { get; set; } = "";
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string? HtmlBody { get; set; }
    /// <summary>An iCalendar attachment (text/calendar), for in-person sessions.</summary>
    public string? CalendarIcs { get; set; }
    public bool CarriesSecret { get; set; }
    public bool Redacted { get; set; }
    /// <summary>When set, unique: the same notice or reminder is never queued twice (e.g. <c>recordatorio:no-inicia:42</c>).</summary>
    public string? DedupKey { get; set; }
    /// <summary>The one-click unsubscribe address of a message that is not transactional (List-Unsubscribe).</summary>
    public string? UnsubscribeUrl { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    /// <summary>The claim of the sender that holds it while <see cref="Status"/> is Enviando, until <see cref="LeaseUntilUtc"/>.</summary>
    public Guid? ClaimToken { get; set; }
    public DateTime? LeaseUntilUtc { get; set; }
    public DateTime? SentUtc { get; set; }
    /// <summary>The last delivery problem, in Spanish, without the message's content.</summary>
    public string? LastError { get; set; }
    /// <summary>In file mode, the .eml file it was written to (name only).</summary>
    public string? FileName { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> m)
    {
        m.ToTable("OutboxMessages");
        m.Property(x => x.Kind).HasMaxLength(60);
        m.Property(x => x.ToAddress).HasMaxLength(256);
        m.Property(x => x.ToName).HasMaxLength(300);
        m.Property(x => x.Subject).HasMaxLength(300);
        m.Property(x => x.DedupKey).HasMaxLength(200);
        m.Property(x => x.UnsubscribeUrl).HasMaxLength(1000);
        m.Property(x => x.LastError).HasMaxLength(1000);
        m.Property(x => x.FileName).HasMaxLength(100);
        m.HasIndex(x => x.DedupKey).IsUnique();
        m.HasIndex(x => new { x.Status, x.NextAttemptUtc });
        m.HasIndex(x => x.ClaimToken);
        m.HasIndex(x => x.CreatedUtc);
    }
}
