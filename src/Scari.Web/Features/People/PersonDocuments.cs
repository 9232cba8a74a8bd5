using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scari.Web.Data;
using Scari.Web.Features.Admin;

namespace Scari.Web.Features.People;

/// <summary>Why a person's document was replaced.</summary>
public enum DocumentChangeKind
{
    /// <summary>A real new document (TI → CC at 18, CE → PPT): the old one stays theirs, for sign-in, certificates and imports.</summary>
    Renewal,
    /// <summary>A mistyped number fixed: the old one is kept in the history only, never matched (it may be someone else's).</summary>
    Correction,
}

/// <summary>A document a person used to have: the one replaced, when and why. The current one is on <see cref="Person"/>.</summary>
public sealed class PersonDocument
{
    public long Id { get; set; }
    public int PersonId { get; set; }
    public Person Person { get; set; } = null!;
    public DocumentType DocumentType { get; set; }
    public string DocumentNumber { get; set; } = "";
    public DocumentChangeKind Kind { get; set; }
    /// <summary>The day the new document took over (Bogotá calendar).</summary>
    public DateOnly ChangedOn { get; set; }
    public DocumentType NewDocumentType { get; set; }
    public string NewDocumentNumber { get; set; } = "";
    public DateTime RecordedUtc { get; set; }
    public string? RecordedByUserId { get; set; }
}

internal sealed class PersonDocumentConfiguration : IEntityTypeConfiguration<PersonDocument>
{
    public void Configure(EntityTypeBuilder<PersonDocument> d)
    {
        d.Property(x => x.DocumentType).HasConversion<string>().HasMaxLength(4);
        d.Property(x => x.DocumentNumber).HasMaxLength(20);
        d.Property(x => x.NewDocumentType).HasConversion<string>().HasMaxLength(4);
        d.Property(x => x.NewDocumentNumber).HasMaxLength(20);
        d.Property(x => x.Kind).HasConversion<string>().HasMaxLength(12);
        d.Property(x => x.RecordedByUserId).HasMaxLength(450);
        d.HasOne(x => x.Person).WithMany().OnDelete(DeleteBehavior.Cascade);
        d.HasIndex(x => x.PersonId);
        // A renewed document names one person only; corrected numbers may repeat (they were someone's typo).
        d.HasIndex(x => new { x.DocumentType, x.DocumentNumber }, "IX_PersonDocuments_Renewed").IsUnique().HasFilter("\"Kind\" = 'Renewal'");
        d.HasIndex(x => x.DocumentNumber);
    }
}

/// <summary>
/// Which person a document names: their current document, or one they renewed (never a corrected typo). Every
/// lookup by document (sign-in, imports, certificate checks, new people) goes through here.
/// </summary>
public static class DocumentLookup
{
    public static async Task<int?> PersonIdAsync(ScariDbContext db, DocumentType type, string number, CancellationToken ct)
    {
        number = DocumentRules.Normalize(number);
        var id = await db.People.Where(p => p.DocumentType == type && p.DocumentNumber == number).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct)
            ?? await db.PersonDocuments.Where(d => d.Kind == DocumentChangeKind.Renewal && d.DocumentType == type && d.DocumentNumber == number)
                .Select(d => (int?)d.PersonId).FirstOrDefaultAsync(ct);
        return id;
    }

    /// <summary>Renewed documents among <paramref name="numbers"/>, to the person who holds them now: for imports, in one query per 1,000.</summary>
    public static async Task<Dictionary<(DocumentType, string), int>> RenewedAsync(ScariDbContext db, IReadOnlyCollection<string> numbers, CancellationToken ct)
    {
        var result = new Dictionary<(DocumentType, string), int>();
        foreach (var chunk in numbers.Chunk(1000))
            foreach (var d in await db.PersonDocuments.AsNoTracking()
                .Where(d => d.Kind == DocumentChangeKind.Renewal && chunk.Contains(d.DocumentNumber))
                .Select(d => new { d.DocumentType, d.DocumentNumber, d.PersonId }).ToListAsync(ct))
                result[(d.DocumentType, d.DocumentNumber)] = d.PersonId;
        return result;
    }

    /// <summary>Null when the document is free for <paramref name="personId"/> (or a new person); else the Spanish reason.</summary>
    public static async Task<string?> TakenMessageAsync(ScariDbContext db, DocumentType type, string number, int? personId, CancellationToken ct)
    {
        number = DocumentRules.Normalize(number);
        if (await db.People.AnyAsync(p => p.DocumentType == type && p.DocumentNumber == number && p.Id != personId, ct))
            return DocumentRules.DuplicateMessage(type, number);
        if (await db.PersonDocuments.AnyAsync(d => d.Kind == DocumentChangeKind.Renewal && d.DocumentType == type && d.DocumentNumber == number && d.PersonId != personId, ct))
            return $"El documento {type} {number} es el documento anterior de otra persona, que lo renovó: búsquela por su documento nuevo en lugar de registrarla otra vez.";
        return null;
    }
}

public sealed record DocumentChangeResult(string? Error, bool NotFound = false)
{
    public bool Succeeded => Error is null && !NotFound;
}

/// <summary>
/// Replaces a person's document, keeping the old one in <see cref="PersonDocument"/> with the date and the kind of
/// change. An account whose user name was built from the old document ("TI-1043987654") is renamed to the new one:
/// after a renewal the old name still signs in (an alias, through <see cref="DocumentLookup"/>); after a correction it does not.
/// </summary>
public sealed class DocumentChanges(ScariDbContext db, TimeProvider clock, AuditLog audit)
{
    public static string KindLabel(DocumentChangeKind kind) => kind switch
    {
        DocumentChangeKind.Renewal => "Renovación",
        _ => "Corrección",
    };

    public async Task<DocumentChangeResult> ChangeAsync(PeopleScope scope, int personId, DocumentType type, string? number,
        DocumentChangeKind kind, DateOnly? changedOn, string? actorUserId, CancellationToken ct)
    {
        if (!scope.Everyone && !scope.IsCoordinator) return new(null, NotFound: true);
        var person = await db.People.VisibleTo(scope).FirstOrDefaultAsync(p => p.Id == personId && p.AnonymizedUtc == null, ct);
        if (person is null) return new(null, NotFound: true);
        if (!Enum.IsDefined(kind)) return new("Elija si es una renovación del documento o la corrección de un número mal escrito.");
        if (DocumentRules.Validate(type, number) is { } invalid) return new(invalid);
        var today = Bogota.Today(clock);
        var on = changedOn ?? today;
        if (on > today) return new("La fecha del cambio no puede ser posterior a hoy.");
        var normalized = DocumentRules.Normalize(number);
        if (person.DocumentType == type && person.DocumentNumber == normalized) return new("Es el mismo documento que ya tiene registrado.");
        if (await db.PersonDocuments.AnyAsync(d => d.PersonId == personId && d.DocumentType == type && d.DocumentNumber == normalized, ct))
            return new($"El documento {type} {normalized} ya figura entre los documentos anteriores de esta persona.");
        if (await DocumentLookup.TakenMessageAsync(db, type, normalized, personId, ct) is { } taken) return new(taken);

        await RecordAsync(person, type, normalized, kind, on, actorUserId, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (db.IsOn<Person>(ex, nameof(Person.DocumentType), nameof(Person.DocumentNumber)) || db.IsOn(ex, "IX_PersonDocuments_Renewed"))
        {
            db.ChangeTracker.Clear();
            return new(DocumentRules.DuplicateMessage(type, normalized));
        }
        return new(null);
    }

    /// <summary>
    /// Adds the history row, the new document, the renamed account and the audit entry to the unit of work (the caller
    /// saves): the form's corrections and the imports' confirmed renewals use it too.
    /// </summary>
    public async Task RecordAsync(Person person, DocumentType type, string number, DocumentChangeKind kind, DateOnly on, string? actorUserId, CancellationToken ct)
    {
        var oldType = person.DocumentType;
        var oldNumber = person.DocumentNumber;
        db.PersonDocuments.Add(new PersonDocument
        {
            Person = person, DocumentType = oldType, DocumentNumber = oldNumber, Kind = kind, ChangedOn = on,
            NewDocumentType = type, NewDocumentNumber = number,
            RecordedUtc = clock.GetUtcNow().UtcDateTime, RecordedByUserId = actorUserId,
        });
        person.DocumentType = type;
        person.DocumentNumber = number;
        await RenameAccountsAsync(person, DocumentRules.UserName(oldType, oldNumber), DocumentRules.UserName(type, number), ct);
        audit.Record(kind == DocumentChangeKind.Renewal ? "person.document-renewed" : "person.document-corrected", "Person", person.Id == 0 ? "nueva" : person.Id,
            $"{oldType} {oldNumber} → {type} {number} ({KindLabel(kind).ToLowerInvariant()} del {Bogota.FormatDate(on)})");
    }

    private async Task RenameAccountsAsync(Person person, string oldUserName, string newUserName, CancellationToken ct)
    {
        if (person.Id == 0 || oldUserName == newUserName) return;
        // Tracked, so the caller's SaveChanges writes it with the document.
        foreach (var account in await db.Users.Where(u => u.PersonId == person.Id && u.UserName == oldUserName).ToListAsync(ct))
        {
            account.UserName = newUserName;
            account.NormalizedUserName = newUserName.ToUpperInvariant();
        }
    }
}
