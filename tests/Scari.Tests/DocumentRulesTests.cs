using Scari.Web.Features.People;

namespace Scari.Tests;

public sealed class DocumentRulesTests
{
    [Theory]
    [InlineData(DocumentType.CC, "1.023.456.789")]
    [InlineData(DocumentType.CC, "79 123 456")]
    [InlineData(DocumentType.CC, "123")]
    [InlineData(DocumentType.TI, "1043123456")]
    [InlineData(DocumentType.TI, "10431234567")]
    [InlineData(DocumentType.RC, "1043123456")]
    [InlineData(DocumentType.RC, "A1234567")]
    [InlineData(DocumentType.CE, "456789")]
    [InlineData(DocumentType.CE, "e123456")]
    [InlineData(DocumentType.PPT, "1234567")]
    [InlineData(DocumentType.PEP, "123456789012345")]
    [InlineData(DocumentType.PA, "AB123456")]
    [InlineData(DocumentType.PA, " ve-1234567 ")]
    public void Valid_numbers_of_each_type_pass(DocumentType type, string number) =>
        Assert.Null(DocumentRules.Validate(type, number));

    [Theory]
    [InlineData(DocumentType.CC, "12a456", "El número de cédula de ciudadanía debe tener solo dígitos, entre 3 y 10.")]
    [InlineData(DocumentType.CC, "12345678901", "El número de cédula de ciudadanía debe tener solo dígitos, entre 3 y 10.")]
    [InlineData(DocumentType.CC, "12", "El número de cédula de ciudadanía debe tener solo dígitos, entre 3 y 10.")]
    [InlineData(DocumentType.CC, "000", "El número de cédula de ciudadanía no puede ser solo ceros.")]
    [InlineData(DocumentType.CC, "  ", "Escriba el número de cédula de ciudadanía.")]
    [InlineData(DocumentType.TI, "123456789", "El número de tarjeta de identidad debe tener solo dígitos, entre 10 y 11.")]
    [InlineData(DocumentType.TI, "10431234X6", "El número de tarjeta de identidad debe tener solo dígitos, entre 10 y 11.")]
    [InlineData(DocumentType.RC, "12345", "El número de registro civil de nacimiento debe tener solo letras sin tilde y dígitos, entre 6 y 11.")]
    [InlineData(DocumentType.CE, "12345678901", "El número de cédula de extranjería debe tener solo letras sin tilde y dígitos, entre 3 y 10.")]
    [InlineData(DocumentType.CE, "ÑANDÚ12", "El número de cédula de extranjería debe tener solo letras sin tilde y dígitos, entre 3 y 10.")]
    [InlineData(DocumentType.PPT, "12A45", "El número de permiso por protección temporal debe tener solo dígitos, entre 5 y 10.")]
    [InlineData(DocumentType.PEP, "12345678", "El número de permiso especial de permanencia debe tener solo dígitos, entre 9 y 15.")]
    [InlineData(DocumentType.PA, "ABCDEFG", "El número de pasaporte debe tener al menos un dígito.")]
    [InlineData(DocumentType.PA, "A1234567890123456789X", "El número de pasaporte debe tener solo letras sin tilde y dígitos, entre 5 y 20.")]
    public void Bad_numbers_get_a_Spanish_message_that_says_what_to_write(DocumentType type, string number, string message) =>
        Assert.Equal(message, DocumentRules.Validate(type, number));

    [Fact]
    public void Every_type_has_exactly_one_rule() =>
        Assert.Equal(Enum.GetValues<DocumentType>().OrderBy(t => t), DocumentRules.All.Select(r => r.Type).OrderBy(t => t));

    [Theory]
    [InlineData(" 1.023.456.789 ", "1023456789")]
    [InlineData("79-123-456", "79123456")]
    [InlineData("ab 12 34 56", "AB123456")]
    public void Numbers_are_stored_without_dots_spaces_or_dashes(string input, string stored) =>
        Assert.Equal(stored, DocumentRules.Normalize(input));

    [Fact]
    public void Account_user_names_put_the_type_before_the_normalized_number() =>
        Assert.Equal("TI-1043123456", DocumentRules.UserName(DocumentType.TI, "1.043.123.456"));
}

public sealed class PersonRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Theory]
    [InlineData("María José", null)]
    [InlineData("O'Neill-Peña", null)]
    [InlineData("", "Escriba los nombres.")]
    [InlineData("Ana3", "Los nombres solo pueden tener letras, espacios, apóstrofos, guiones y puntos.")]
    public void Names_allow_letters_with_accents_and_refuse_digits(string name, string? message) =>
        Assert.Equal(message, PersonRules.ValidateName(name, "nombres"));

    [Theory]
    [InlineData("ana.perez@cartagena.gov.co", true, null)]
    [InlineData("", false, null)]
    [InlineData("", true, "Escriba el correo electrónico.")]
    [InlineData("ana@perez", true, "El correo electrónico «ana@perez» no es válido: escríbalo como nombre@dominio.gov.co.")]
    [InlineData("ana perez@x.co", true, "El correo electrónico «ana perez@x.co» no es válido: escríbalo como nombre@dominio.gov.co.")]
    public void Emails_are_checked(string email, bool required, string? message) =>
        Assert.Equal(message, PersonRules.ValidateEmail(email, required));

    [Theory]
    [InlineData("11", null)]
    [InlineData("10°", null)]
    [InlineData("Transición", null)]
    [InlineData("12", "El grado debe ser Transición o un número de 1 a 11.")]
    [InlineData("", "Elija el grado.")]
    public void Grades_go_from_transicion_to_eleven(string grade, string? message) =>
        Assert.Equal(message, PersonRules.ValidateGrade(grade));

    [Fact]
    public void A_person_is_a_minor_until_the_day_of_their_eighteenth_birthday()
    {
        Assert.True(PersonRules.IsMinor(new DateOnly(2008, 11, 26), Today));
        Assert.False(PersonRules.IsMinor(new DateOnly(2008, 11, 25), Today));
    }

    [Fact]
    public void Birth_dates_in_the_future_or_implausible_are_refused()
    {
        Assert.Equal("La fecha de nacimiento no puede ser posterior a hoy.", PersonRules.ValidateBirthDate(new DateOnly(2026, 12, 1), Today));
        Assert.Equal("La fecha de nacimiento indica más de 100 años: revise el año.", PersonRules.ValidateBirthDate(new DateOnly(1900, 1, 1), Today));
        Assert.Null(PersonRules.ValidateBirthDate(new DateOnly(2010, 3, 4), Today));
    }
}

public sealed class CatalogueCsvTests
{
    [Fact]
    public void Quoted_fields_may_hold_commas_and_quotes() =>
        Assert.Equal(["IE030", "Institución \"Ejemplo\", sede principal", "Industrial"],
            CatalogueSeeder.ParseLine("IE030,\"Institución \"\"Ejemplo\"\", sede principal\",Industrial"));

    [Fact]
    public void The_shipped_catalogues_read_without_problems()
    {
        var problems = new List<string>();
        var folder = Path.Combine(Scari.Testing.RepoPaths.Content, "catalogo");
        Assert.NotEmpty(CatalogueSeeder.Read(Path.Combine(folder, "dependencias.csv"), ["codigo", "nombre"], problems));
        Assert.NotEmpty(CatalogueSeeder.Read(Path.Combine(folder, "colegios.csv"), ["codigo", "nombre", "localidad"], problems));
        Assert.Empty(problems);
    }
}
