using Microsoft.AspNetCore.Identity;

namespace Platform.Identity.Infrastructure;

/// <summary>ASP.NET Core Identity's messages in Vietnamese or English, by the request culture.</summary>
internal sealed class LocalizedIdentityErrors : IdentityErrorDescriber
{
    private static IdentityError Error(string code, string vietnamese, string english) =>
        new() { Code = code, Description = Text.Pick(vietnamese, english) };

    public override IdentityError DefaultError() =>
        Error(nameof(DefaultError), "Đã xảy ra lỗi không xác định.", "An unknown failure has occurred.");

    public override IdentityError ConcurrencyFailure() =>
        Error(nameof(ConcurrencyFailure), "Tài khoản vừa được người khác thay đổi; hãy tải lại và thử lại.",
            "The account was changed by someone else; reload and try again.");

    public override IdentityError PasswordMismatch() =>
        Error(nameof(PasswordMismatch), "Mật khẩu không đúng.", "Incorrect password.");

    public override IdentityError InvalidToken() =>
        Error(nameof(InvalidToken), "Mã xác nhận không hợp lệ.", "Invalid token.");

    public override IdentityError InvalidUserName(string? userName) =>
        Error(nameof(InvalidUserName),
            $"Tên đăng nhập '{userName}' không hợp lệ: chỉ gồm chữ cái không dấu, chữ số và . _ - @.",
            $"User name '{userName}' is invalid: only ASCII letters, digits and . _ - @ are allowed.");

    public override IdentityError InvalidEmail(string? email) =>
        Error(nameof(InvalidEmail), $"Email '{email}' không hợp lệ.", $"Email '{email}' is invalid.");

    public override IdentityError DuplicateUserName(string userName) =>
        Error(nameof(DuplicateUserName), $"Tên đăng nhập '{userName}' đã được dùng.", $"User name '{userName}' is already taken.");

    public override IdentityError DuplicateEmail(string email) =>
        Error(nameof(DuplicateEmail), $"Email '{email}' đã được dùng.", $"Email '{email}' is already taken.");

    public override IdentityError PasswordTooShort(int length) =>
        Error(nameof(PasswordTooShort), $"Mật khẩu phải có ít nhất {length} ký tự.", $"Passwords must be at least {length} characters.");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(nameof(PasswordRequiresUniqueChars), $"Mật khẩu phải có ít nhất {uniqueChars} ký tự khác nhau.",
            $"Passwords must use at least {uniqueChars} different characters.");

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        Error(nameof(PasswordRequiresNonAlphanumeric), "Mật khẩu phải có ít nhất một ký tự đặc biệt (không phải chữ hoặc số).",
            "Passwords must have at least one non alphanumeric character.");

    public override IdentityError PasswordRequiresDigit() =>
        Error(nameof(PasswordRequiresDigit), "Mật khẩu phải có ít nhất một chữ số ('0'-'9').", "Passwords must have at least one digit ('0'-'9').");

    public override IdentityError PasswordRequiresLower() =>
        Error(nameof(PasswordRequiresLower), "Mật khẩu phải có ít nhất một chữ thường ('a'-'z').", "Passwords must have at least one lowercase ('a'-'z').");

    public override IdentityError PasswordRequiresUpper() =>
        Error(nameof(PasswordRequiresUpper), "Mật khẩu phải có ít nhất một chữ hoa ('A'-'Z').", "Passwords must have at least one uppercase ('A'-'Z').");

    /// <summary>The request field an Identity error is about.</summary>
    public static string FieldOf(IdentityError error, string passwordField) => error.Code switch
    {
        _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
        nameof(InvalidUserName) or nameof(DuplicateUserName) => "userName",
        nameof(InvalidEmail) or nameof(DuplicateEmail) => "email",
        _ => "body",
    };
}
