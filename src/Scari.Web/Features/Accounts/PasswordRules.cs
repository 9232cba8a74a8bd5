using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Zxcvbn.Matcher;

namespace Scari.Web.Features.Accounts;

/// <summary>
/// ASVS 2.1: at least 12 characters, no composition rules, and a strength estimate (zxcvbn, score 0–4) of at least 3.
/// zxcvbn's own dictionaries are English; Spanish common words, first names and surnames (PasswordWords/) are added, and
/// so are the person's own names, document number and e-mail. Every place that sets a password goes through it
/// (Identity calls it as a password validator).
/// </summary>
public sealed class PasswordRules(ScariDbContext db)
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 128;
    public const int MinimumScore = 3;
    public const string Hint = "Al menos 12 caracteres. Una frase de varias palabras poco relacionadas es fácil de recordar y difícil de adivinar.";

    /// <summary>zxcvbn's own ranked dictionaries (embedded in zxcvbn-core) and the Spanish ones, built once.</summary>
    private static readonly Lazy<IReadOnlyList<DictionaryMatcher>> Dictionaries = new(() =>
    [
        new DictionaryMatcher("passwords", "passwords.lst"),
        new DictionaryMatcher("english", "english.lst"),
        new DictionaryMatcher("male_names", "male_names.lst"),
        new DictionaryMatcher("female_names", "female_names.lst"),
        new DictionaryMatcher("surnames", "surnames.lst"),
        new DictionaryMatcher("us_tv_and_film", "us_tv_and_film.lst"),
        new DictionaryMatcher("es_palabras", Words("commonWords")),
        new DictionaryMatcher("es_nombres", Words("firstnames")),
        new DictionaryMatcher("es_apellidos", Words("lastnames")),
    ]);

    private static List<string> Words(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Scari.Web.PasswordWords.{name}.txt")
            ?? throw new InvalidOperationException($"Falta la lista de palabras {name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var words = new List<string>();
        while (reader.ReadLine() is { } line) if (line.Length > 0) words.Add(line);
        return words;
    }

    /// <summary>The reasons, in Spanish, why <paramref name="password"/> is refused for this account; empty when it is accepted.</summary>
    public async Task<IReadOnlyList<string>> ProblemsAsync(ScariUser user, string password, CancellationToken ct)
    {
        var inputs = new List<string?> { user.UserName, user.Email, user.FullName };
        if (user.PersonId is { } personId)
        {
            var person = await db.People.AsNoTracking().Where(p => p.Id == personId)
                .Select(p => new { p.GivenNames, p.FamilyNames, p.DocumentNumber, p.Email }).FirstOrDefaultAsync(ct);
            if (person is not null) inputs.AddRange([person.GivenNames, person.FamilyNames, person.DocumentNumber, person.Email]);
        }
        return Problems(password, inputs);
    }

    /// <summary>The check itself, for the account's own words (names, document, e-mail, user name).</summary>
    public static IReadOnlyList<string> Problems(string password, IEnumerable<string?> ownWords)
    {
        if (password.Length < MinimumLength)
            return [$"La contraseña debe tener al menos {MinimumLength} caracteres (tiene {password.Length})."];
        if (password.Length > MaximumLength)
            return [$"La contraseña admite hasta {MaximumLength} caracteres (tiene {password.Length})."];
        var own = OwnWords(ownWords);
        var result = new Zxcvbn.Zxcvbn(new Matchers(), Zxcvbn.Translation.English).EvaluatePassword(password, own);
        if (result.Score >= MinimumScore) return [];
        var lower = password.ToLowerInvariant();
        var reasons = new List<string> { "La contraseña es fácil de adivinar." };
        if (own.Any(w => w.Length >= 3 && lower.Contains(w, StringComparison.Ordinal)))
            reasons.Add("Contiene su nombre, su número de documento o su correo: quítelos.");
        else
            reasons.Add("Se compone de palabras, nombres o secuencias muy comunes (como «contraseña», «maría», «abc» o «123»).");
        reasons.Add("Use una frase de cuatro o más palabras poco relacionadas, por ejemplo «río cuaderno lámpara veloz».");
        return reasons;
    }

    /// <summary>Each value whole and split into words, lower case: "Ana María" gives "ana maría", "ana", "maría".</summary>
    private static List<string> OwnWords(IEnumerable<string?> values)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value)) continue;
            var v = value.Trim().ToLowerInvariant();
            words.Add(v);
            foreach (var part in v.Split([' ', '@', '.', '-', '_'], StringSplitOptions.RemoveEmptyEntries)) if (part.Length >= 3) words.Add(part);
        }
        return [.. words];
    }

    /// <summary>zxcvbn-core's default set of matchers (its factory is internal), with the Spanish dictionaries added.</summary>
    private sealed class Matchers : Zxcvbn.IMatcherFactory
    {
        public IEnumerable<IMatcher> CreateMatchers(IEnumerable<string> userInputs)
        {
            var dictionaries = new List<DictionaryMatcher>(Dictionaries.Value) { new("user_inputs", userInputs) };
            return
            [
                new RepeatMatcher(), new SequenceMatcher(),
                new RegexMatcher(@"\d{3,}", 10, true, "digits"), new RegexMatcher("19\\d\\d|200\\d|201\\d", 10, false, "year"),
                new DateMatcher(), new SpatialMatcher(),
                .. dictionaries,
                new L33tMatcher(dictionaries),
            ];
        }
    }
}

/// <summary>Runs <see cref="PasswordRules"/> wherever Identity sets a password (create, change, reset).</summary>
public sealed class ScariPasswordValidator(PasswordRules rules) : IPasswordValidator<ScariUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<ScariUser> manager, ScariUser user, string? password)
    {
        // Too short: Identity's own validator says so (RequiredLength), once.
        if ((password ?? "").Length < PasswordRules.MinimumLength) return IdentityResult.Success;
        var problems = await rules.ProblemsAsync(user, password ?? "", CancellationToken.None);
        return problems.Count == 0 ? IdentityResult.Success
            : IdentityResult.Failed([.. problems.Select(p => new IdentityError { Code = "ContrasenaDebil", Description = p })]);
    }
}
