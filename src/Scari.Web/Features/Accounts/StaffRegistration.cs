using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.People;
using Scari.Web.Features.Privacy;

namespace Scari.Web.Features.Accounts;

public sealed class RegistrationInput
{
    public DocumentType DocumentType { get; set; } = DocumentType.CC;
    public string? DocumentNumber { get; set; }
    public string? GivenNames { get; set; }
    public string? FamilyNames { get; set; }
    public string? Email { get; set; }
    public int? DependenciaId { get; set; }
    public Vinculo? Vinculo { get; set; }
    public string? Cargo { get; set; }
    public string? Password { get; set; }
    public string? ConfirmPassword { get; set; }
    public bool AcceptsPrivacyNotice { get; set; }
}

/// <summary>
/// A civil servant registers themself: the person (audience staff), the account (user name = e-mail, role
/// Aprendiz) and the acceptance of the data-treatment notice with its version, in one transaction: on any
/// problem nothing is written.
/// </summary>
public sealed class StaffRegistration(ScariDbContext db, UserManager<ScariUser> users, TimeProvider clock, AuditLog audit, AccountMail accountMail)
{
    public async Task<(ScariUser? User, FieldErrors Errors)> RegisterAsync(RegistrationInput input, CancellationToken ct)
    {
        var e = new FieldErrors();
        e.AddIf(nameof(input.DocumentNumber), DocumentRules.Validate(input.DocumentType, input.DocumentNumber));
        e.AddIf(nameof(input.GivenNames), PersonRules.ValidateName(input.GivenNames, "nombres"));
        e.AddIf(nameof(input.FamilyNames), PersonRules.ValidateName(input.FamilyNames, "apellidos"));
        e.AddIf(nameof(input.Email), PersonRules.ValidateEmail(input.Email, required: true));
        if (input.DependenciaId is not { } d || !await db.Dependencias.AnyAsync(x => x.Id == d && x.Active, ct))
            e[nameof(input.DependenciaId)] = "Elija su dependencia de la lista.";
        if (input.Vinculo is not { } v || !Enum.IsDefined(v)) e[nameof(input.Vinculo)] = "Elija su vínculo: planta o contratista.";
        e.AddIf(nameof(input.Cargo), PersonRules.ValidateCargo(input.Cargo));
        if (string.IsNullOrEmpty(input.Password)) e[nameof(input.Password)] = "Escriba una contraseña.";
        else
        {
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, new ScariUser(), input.Password);
                if (!result.Succeeded) { e[nameof(input.Password)] = string.Join(" ", result.Errors.Select(x => x.Description)); break; }
            }
            if (input.Password != input.ConfirmPassword) e[nameof(input.ConfirmPassword)] = "Las dos contraseñas no coinciden.";
        }
        if (!input.AcceptsPrivacyNotice)
            e[nameof(input.AcceptsPrivacyNotice)] = "Para registrarse debe leer y aceptar el aviso de privacidad (tratamiento de datos personales).";
        if (e.Count > 0) return (null, e);

        var number = DocumentRules.Normalize(input.DocumentNumber);
        var email = PersonRules.NormalizeEmail(input.Email);
        e.AddIf(nameof(input.DocumentNumber), await DocumentLookup.TakenMessageAsync(db, input.DocumentType, number, null, ct));
        var normalizedEmail = users.NormalizeEmail(email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail || u.NormalizedUserName == normalizedEmail, ct))
            e[nameof(input.Email)] = $"Ya existe una cuenta con el correo {email}. Ingrese con ella o use «¿Olvidó su contraseña?».";
        if (e.Count > 0) return (null, e);

        var now = clock.GetUtcNow().UtcDateTime;
        var person = new Person
        {
            DocumentType = input.DocumentType,
            DocumentNumber = number,
            GivenNames = PersonRules.CleanName(input.GivenNames),
            FamilyNames = PersonRules.CleanName(input.FamilyNames),
            Email = email,
            Audience = Audience.Staff,
            DependenciaId = input.DependenciaId,
            Vinculo = input.Vinculo,
            Cargo = input.Cargo!.Trim(),
            CreatedUtc = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.People.Add(person);
            await db.SaveChangesAsync(ct);
            var user = new ScariUser { UserName = email, Email = email, FullName = person.FullName, PersonId = person.Id, CreatedUtc = now };
            var created = await users.CreateAsync(user, input.Password!);
            if (created.Succeeded) created = await users.AddToRoleAsync(user, Roles.Aprendiz);
            if (!created.Succeeded)
            {
                db.ChangeTracker.Clear();
                e[""] = string.Join(" ", created.Errors.Select(x => x.Description));
                return (null, e);
            }
            db.Consents.Add(new Consent
            {
                PersonId = person.Id,
                Kind = ConsentKind.DataTreatment,
                TextVersion = PrivacyNotice.Version,
                GivenUtc = now,
                RecordedByUserId = user.Id,
            });
            audit.Record("person.self-registered", "Person", person.Id, $"{person.DocumentType} {person.DocumentNumber}, aviso de privacidad {PrivacyNotice.Version}");
            await accountMail.QueueEmailConfirmationAsync(user); // written by the SaveChanges below, with the registration
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return (user, e);
        }
        catch (DbUpdateException ex) when (db.IsOn<Person>(ex, nameof(Person.DocumentType), nameof(Person.DocumentNumber)))
        {
            // Someone registered the same document a moment ago: the unique index had the last word.
            db.ChangeTracker.Clear();
            e[nameof(input.DocumentNumber)] = DocumentRules.DuplicateMessage(input.DocumentType, number);
            return (null, e);
        }
        catch (DbUpdateException ex) when (db.IsOn<ScariUser>(ex, nameof(ScariUser.NormalizedUserName)))
        {
            // The same e-mail (the user name of a self-registered account) a moment ago.
            db.ChangeTracker.Clear();
            e[nameof(input.Email)] = $"Ya existe una cuenta con el correo {email}. Ingrese con ella o use «¿Olvidó su contraseña?».";
            return (null, e);
        }
    }
}
