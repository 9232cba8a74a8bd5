using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Privacy;

namespace Scari.Web.Features.People;

/// <summary>Field name (as in <see cref="PersonInput"/>) to Spanish message; empty when the input is valid.</summary>
public sealed class FieldErrors : Dictionary<string, string>
{
    public void AddIf(string field, string? message)
    {
        if (message is not null) TryAdd(field, message);
    }

    /// <summary>Copies the messages to a page's ModelState, keyed as the form's inputs ("Input.DocumentNumber").</summary>
    public void CopyTo(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, string prefix = "Input")
    {
        foreach (var (field, message) in this)
            modelState.AddModelError(field.Length == 0 ? "" : $"{prefix}.{field}", message);
    }
}

public sealed record SaveResult(int? PersonId, FieldErrors Errors, bool NotFound = false)
{
    public bool Succeeded => PersonId is not null && Errors.Count == 0;
    public static SaveResult Missing() => new(null, [], NotFound: true);
}

/// <summary>
/// Creates and edits people on behalf of staff, inside the caller's <see cref="PeopleScope"/>: a coordinator's
/// own colegio or dependencia is forced, a person out of scope is "not found". A minor gets a guardian consent
/// in the same transaction, or nothing is written.
/// </summary>
public sealed class PersonEditor(ScariDbContext db, TimeProvider clock, AuditLog audit, DocumentChanges documents)
{
    public async Task<SaveResult> CreateAsync(PeopleScope scope, Audience audience, PersonInput input, string? actorUserId, CancellationToken ct)
    {
        if (!scope.Everyone && !scope.IsCoordinator) return SaveResult.Missing();
        ForceScope(scope, audience, input);
        var errors = await ValidateAsync(audience, input, existing: null, ct);
        if (errors.Count > 0) return new(null, errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var person = new Person { Audience = audience, CreatedUtc = now };
        Apply(person, audience, input);
        db.People.Add(person);
        var consent = GuardianConsentFor(person, input, Bogota.Today(clock), now, actorUserId);
        if (consent is not null) db.Consents.Add(consent);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
            audit.Record(audience == Audience.Student ? "person.student-created" : "person.staff-created", "Person", person.Id,
                $"{person.DocumentType} {person.DocumentNumber}{(consent is null ? "" : ", con autorización del acudiente")}");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (db.IsOn<Person>(ex, nameof(Person.DocumentType), nameof(Person.DocumentNumber)))
        {
            db.ChangeTracker.Clear();
            return new(null, new FieldErrors { [nameof(PersonInput.DocumentNumber)] = DocumentRules.DuplicateMessage(input.DocumentType, input.DocumentNumber ?? "") });
        }
        return new(person.Id, []);
    }

    public async Task<SaveResult> UpdateAsync(PeopleScope scope, int personId, PersonInput input, string? actorUserId, CancellationToken ct)
    {
        var person = await db.People.VisibleTo(scope).FirstOrDefaultAsync(p => p.Id == personId && p.AnonymizedUtc == null, ct);
        if (person is null || (!scope.Everyone && !scope.IsCoordinator)) return SaveResult.Missing();
        ForceScope(scope, person.Audience, input);
        var errors = await ValidateAsync(person.Audience, input, person, ct);
        if (errors.Count > 0) return new(null, errors);

        var before = Describe(person);
        var (oldType, oldNumber) = (person.DocumentType, person.DocumentNumber);
        var now = clock.GetUtcNow().UtcDateTime;
        Apply(person, person.Audience, input);
        person.AttributesChangedUtc = now; // a move takes effect now: earlier completions keep the earlier values
        // A document changed on the form is a correction of a mistyped number (renewals have their own page): the old one
        // stays in the history, never matched, and an account named after it is renamed.
        if ((person.DocumentType, person.DocumentNumber) != (oldType, oldNumber))
        {
            var (newType, newNumber) = (person.DocumentType, person.DocumentNumber);
            (person.DocumentType, person.DocumentNumber) = (oldType, oldNumber);
            await documents.RecordAsync(person, newType, newNumber, DocumentChangeKind.Correction, Bogota.Today(clock), actorUserId, ct);
        }
        var consent = GuardianConsentFor(person, input, Bogota.Today(clock), now, actorUserId);
        if (consent is not null) db.Consents.Add(consent);
        audit.Record("person.updated", "Person", person.Id, $"{before} → {Describe(person)}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (db.IsOn<Person>(ex, nameof(Person.DocumentType), nameof(Person.DocumentNumber)))
        {
            db.ChangeTracker.Clear();
            return new(null, new FieldErrors { [nameof(PersonInput.DocumentNumber)] = DocumentRules.DuplicateMessage(input.DocumentType, input.DocumentNumber ?? "") });
        }
        return new(person.Id, []);
    }

    private static void ForceScope(PeopleScope scope, Audience audience, PersonInput input)
    {
        if (scope.Everyone) return;
        // A coordinator can only place people in their own colegio or dependencia, whatever the form says.
        if (audience == Audience.Student) input.ColegioId = scope.ColegioId ?? -1;
        else input.DependenciaId = scope.DependenciaId ?? -1;
    }

    private async Task<FieldErrors> ValidateAsync(Audience audience, PersonInput input, Person? existing, CancellationToken ct)
    {
        var today = Bogota.Today(clock);
        int? currentDependencia = existing?.DependenciaId, currentColegio = existing?.ColegioId;
        var e = new FieldErrors();
        e.AddIf(nameof(input.DocumentNumber), DocumentRules.Validate(input.DocumentType, input.DocumentNumber));
        if (!e.ContainsKey(nameof(input.DocumentNumber)))
        {
            var number = DocumentRules.Normalize(input.DocumentNumber);
            if (existing is not null && await db.PersonDocuments.AnyAsync(d => d.PersonId == existing.Id && d.DocumentType == input.DocumentType && d.DocumentNumber == number, ct))
                e[nameof(input.DocumentNumber)] = $"El documento {input.DocumentType} {number} ya figura entre los documentos anteriores de esta persona.";
            else e.AddIf(nameof(input.DocumentNumber), await DocumentLookup.TakenMessageAsync(db, input.DocumentType, number, existing?.Id, ct));
        }
        e.AddIf(nameof(input.GivenNames), PersonRules.ValidateName(input.GivenNames, "nombres"));
        e.AddIf(nameof(input.FamilyNames), PersonRules.ValidateName(input.FamilyNames, "apellidos"));
        if (audience == Audience.Staff)
        {
            e.AddIf(nameof(input.Email), PersonRules.ValidateEmail(input.Email, required: false));
            if (input.DependenciaId == -1) e[nameof(input.DependenciaId)] = "Su cuenta de coordinador no tiene una dependencia asignada: pida al administrador que se la asigne.";
            else if (input.DependenciaId is not { } d || !await db.Dependencias.AnyAsync(x => x.Id == d && (x.Active || x.Id == currentDependencia), ct))
                e[nameof(input.DependenciaId)] = "Elija la dependencia de la lista.";
            if (input.Vinculo is not { } v || !Enum.IsDefined(v)) e[nameof(input.Vinculo)] = "Elija el vínculo: planta o contratista.";
            e.AddIf(nameof(input.Cargo), PersonRules.ValidateCargo(input.Cargo));
            return e;
        }

        if (input.ColegioId == -1) e[nameof(input.ColegioId)] = "Su cuenta de coordinador no tiene un colegio asignado: pida al administrador que se lo asigne.";
        else if (input.ColegioId is not { } c || !await db.Colegios.AnyAsync(x => x.Id == c && (x.Active || x.Id == currentColegio), ct))
            e[nameof(input.ColegioId)] = "Elija el colegio de la lista.";
        e.AddIf(nameof(input.Grade), PersonRules.ValidateGrade(input.Grade));
        e.AddIf(nameof(input.BirthDate), PersonRules.ValidateBirthDate(input.BirthDate, today));
        if (GuardianConsentRule.Required(audience, input.BirthDate, today))
        {
            var hasConsent = existing is not null && await db.Consents.AnyAsync(x => x.PersonId == existing.Id && x.Kind == ConsentKind.GuardianConsent, ct);
            var guardian = Guardian(input);
            if (!hasConsent || GuardianConsentRule.AnyGiven(guardian))
                foreach (var (field, message) in GuardianConsentRule.Check(guardian, today).Problems)
                    e[field switch
                    {
                        GuardianConsentRule.Field.Name => nameof(input.GuardianName),
                        GuardianConsentRule.Field.Relationship => nameof(input.GuardianRelationship),
                        GuardianConsentRule.Field.Document => nameof(input.GuardianDocument),
                        GuardianConsentRule.Field.Method => nameof(input.ConsentMethod),
                        _ => nameof(input.ConsentDate),
                    }] = message;
        }
        return e;
    }

    private static GuardianConsentRule.Input Guardian(PersonInput i) =>
        new(i.GuardianName, i.GuardianRelationship, i.GuardianDocument, i.ConsentMethod, i.ConsentDate, i.ConsentDate is not null);

    private static Consent? GuardianConsentFor(Person person, PersonInput i, DateOnly today, DateTime now, string? actorUserId) =>
        person.Audience == Audience.Student && GuardianConsentRule.AnyGiven(Guardian(i)) && GuardianConsentRule.Check(Guardian(i), today).Consent is { } g
            ? GuardianConsentRule.ToConsent(person, g, today, now, actorUserId)
            : null;

    private static void Apply(Person p, Audience audience, PersonInput i)
    {
        p.DocumentType = i.DocumentType;
        p.DocumentNumber = DocumentRules.Normalize(i.DocumentNumber);
        p.GivenNames = PersonRules.CleanName(i.GivenNames);
        p.FamilyNames = PersonRules.CleanName(i.FamilyNames);
        if (audience == Audience.Staff)
        {
            p.Email = PersonRules.NormalizeEmail(i.Email) is { Length: > 0 } email ? email : null;
            p.DependenciaId = i.DependenciaId;
            p.Vinculo = i.Vinculo;
            p.Cargo = i.Cargo?.Trim();
        }
        else
        {
            p.ColegioId = i.ColegioId;
            p.Grade = PersonRules.NormalizeGrade(i.Grade);
            p.BirthDate = i.BirthDate;
        }
    }

    private static string Describe(Person p) =>
        $"{p.DocumentType} {p.DocumentNumber}, {p.FullName}" + (p.Audience == Audience.Student
            ? $", colegio {p.ColegioId}, grado {p.Grade}, nacimiento {(p.BirthDate is { } birth ? Bogota.FormatDate(birth) : "")}"
            : $", dependencia {p.DependenciaId}, {p.Vinculo}, {p.Cargo}");
}
