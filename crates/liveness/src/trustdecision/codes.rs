//! TrustDecision's result codes: the page's table, typed, with the attack each 122xx code
//! names.

use std::fmt;

use liveness_trustdecision as generated;

/// The attack enum and its lookups, from one table of the page's rows: the variant (with its
/// doc), its code and the page's message. Adding a row is the only change a new code needs.
macro_rules! attack_kinds {
    ($($(#[doc = $doc:literal])* $kind:ident = $code:literal, $description:literal;)+) => {
        /// The attack a failed check identified: one per 122xx code of the page's table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum AttackKind {
            $($(#[doc = $doc])* $kind,)+
        }

        impl AttackKind {
            const ALL: &[AttackKind] = &[$(AttackKind::$kind,)+];

            /// The vendor's code for this attack.
            pub fn code(self) -> i64 {
                match self {
                    $(AttackKind::$kind => $code,)+
                }
            }

            /// The page's message for this attack.
            pub fn description(self) -> &'static str {
                match self {
                    $(AttackKind::$kind => $description,)+
                }
            }
        }
    };
}

attack_kinds! {
    /// 12202: a blink attack.
    Blink = 12202, "identified as a blink attack";
    /// 12203: a mouth movement attack.
    MouthMovement = 12203, "identified as a mouth movement attack";
    /// 12204: a partial face attack.
    PartialFace = 12204, "identified as a partial face attack";
    /// 12205: a video replayed on a screen.
    VideoReplay = 12205, "identified as a video replay attack";
    /// 12206: a black and white image.
    BlackAndWhiteImage = 12206, "identified as a black and white image";
    /// 12207: a paper-based attack (a printed photo).
    Paper = 12207, "identified as a paper-based attack";
    /// 12208: a frame (including a paper or phone frame).
    Frame = 12208, "identified as a frame (including paper or phone frame)";
    /// 12209: a moire pattern (a photographed screen).
    MoirePattern = 12209, "identified as a moire pattern attack";
    /// 12210: a "face superiority" attack (the page's wording).
    FaceSuperiority = 12210, "identified as a face superiority attack";
    /// 12211: a paper-based attack found by optical flow.
    PaperOpticalFlow = 12211, "identified as a paper-based attack (optical flow)";
    /// 12212: a mask.
    Mask = 12212, "identified as a mask attack";
    /// 12213: an ID card held up to the camera.
    IdCard = 12213, "identified as an ID card attack";
    /// 12214: a 3D mask.
    Mask3d = 12214, "identified as a 3D mask attack";
    /// 12215: a synthetic image.
    SyntheticImage = 12215, "identified as a synthetic image attack";
    /// 12216: black-market software.
    BlackMarketSoftware = 12216, "identified as a black-market software attack";
    /// 12217: a T-type mask.
    TTypeMask = 12217, "identified as a T-type mask attack";
    /// 12219: a suspected deepfake image.
    Deepfake = 12219, "suspected deepfake image attack";
    /// 12220: a suspected high-resolution screen.
    HighResolutionScreen = 12220, "suspected high-resolution screen attack";
    /// 12222: an injection attack (a forged camera feed).
    Injection = 12222, "injection attack";
}

impl AttackKind {
    /// The attack that `code` names, if it names one.
    pub fn from_code(code: i64) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.code() == code)
    }
}

/// TrustDecision's `code`, typed: the page's code table, the account and parameter codes of
/// TrustDecision's sibling APIs (see `specs/SOURCES.md`), and anything else kept as sent.
///
/// [`ResultCode::is_result`] splits them: results (200 and the 122xx range) come back from
/// [`Client::result`](super::Client::result) as `Ok`; every other code is a
/// [`TrustDecisionError`](super::TrustDecisionError).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResultCode {
    /// 200: success, a live person.
    Pass,
    /// 12202–12217, 12219, 12220, 12222: an identified attack.
    Attack(AttackKind),
    /// 12218: the image was too blurry.
    BlurryImage,
    /// 12221: light verification failed.
    LightVerificationFailed,
    /// 12250: verification error.
    VerificationError,
    /// 301: the service was not purchased.
    NotPurchased,
    /// 302: the service is suspended.
    Suspended,
    /// 303: no balance left.
    NoBalance,
    /// 304: the service expired.
    Expired,
    /// 305: the daily volume cap was reached.
    DailyCapReached,
    /// 11301: a required parameter was empty.
    ParameterEmpty,
    /// 11340: a parameter was wrong.
    ParameterError,
    /// 11350: TrustDecision's internal error (not charged; worth a retry).
    InternalError,
    /// A numeric code the table does not list (12201, 12230 and 12231 are seen in third-party
    /// clients; any 122xx code is read as a result).
    Other(i64),
    /// A `code` that is not a number at all, kept as sent.
    Unparsed(String),
}

impl ResultCode {
    /// The typed form of a numeric code.
    pub fn from_code(code: i64) -> Self {
        if let Some(kind) = AttackKind::from_code(code) {
            return ResultCode::Attack(kind);
        }
        match code {
            200 => ResultCode::Pass,
            12218 => ResultCode::BlurryImage,
            12221 => ResultCode::LightVerificationFailed,
            12250 => ResultCode::VerificationError,
            301 => ResultCode::NotPurchased,
            302 => ResultCode::Suspended,
            303 => ResultCode::NoBalance,
            304 => ResultCode::Expired,
            305 => ResultCode::DailyCapReached,
            11301 => ResultCode::ParameterEmpty,
            11340 => ResultCode::ParameterError,
            11350 => ResultCode::InternalError,
            other => ResultCode::Other(other),
        }
    }

    /// Reads a code sent as a string ("200", " 12205"); a non-number is kept as
    /// [`ResultCode::Unparsed`].
    pub fn parse(code: &str) -> Self {
        match code.trim().parse::<i64>() {
            Ok(n) => Self::from_code(n),
            Err(_) => ResultCode::Unparsed(code.to_owned()),
        }
    }

    pub(super) fn from_wire(code: &generated::types::Code) -> Self {
        match code {
            generated::types::Code::Int64(n) => Self::from_code(*n),
            generated::types::Code::String(s) => Self::parse(s),
        }
    }

    /// The numeric code; `None` for [`ResultCode::Unparsed`].
    pub fn number(&self) -> Option<i64> {
        Some(match self {
            ResultCode::Pass => 200,
            ResultCode::Attack(kind) => kind.code(),
            ResultCode::BlurryImage => 12218,
            ResultCode::LightVerificationFailed => 12221,
            ResultCode::VerificationError => 12250,
            ResultCode::NotPurchased => 301,
            ResultCode::Suspended => 302,
            ResultCode::NoBalance => 303,
            ResultCode::Expired => 304,
            ResultCode::DailyCapReached => 305,
            ResultCode::ParameterEmpty => 11301,
            ResultCode::ParameterError => 11340,
            ResultCode::InternalError => 11350,
            ResultCode::Other(n) => *n,
            ResultCode::Unparsed(_) => return None,
        })
    }

    /// Whether the person passed (200).
    pub fn is_pass(&self) -> bool {
        *self == ResultCode::Pass
    }

    /// The attack, if one was identified.
    pub fn attack(&self) -> Option<AttackKind> {
        match self {
            ResultCode::Attack(kind) => Some(*kind),
            _ => None,
        }
    }

    /// Whether the check ran and this is its outcome (200 and every 122xx code), as opposed to
    /// a code saying the call itself failed.
    pub fn is_result(&self) -> bool {
        // The whole 122xx block: third-party clients treat 12201, 12230 and 12231 as results.
        self.number()
            .is_some_and(|n| n == 200 || (12200..=12299).contains(&n))
    }

    /// Whether TrustDecision charges for a call with this code: `Some(true)` for every code of
    /// the page's table but 11350, `Some(false)` for 11350, `None` where the page says nothing.
    pub fn charged(&self) -> Option<bool> {
        match self {
            ResultCode::Pass
            | ResultCode::Attack(_)
            | ResultCode::BlurryImage
            | ResultCode::LightVerificationFailed
            | ResultCode::VerificationError => Some(true),
            ResultCode::InternalError => Some(false),
            _ => None,
        }
    }

    /// The vendor's description of the code, where one is known.
    pub fn description(&self) -> Option<&'static str> {
        Some(match self {
            ResultCode::Pass => "success (live person)",
            ResultCode::Attack(kind) => kind.description(),
            ResultCode::BlurryImage => "identified as a blurry image",
            ResultCode::LightVerificationFailed => "light verification failed",
            ResultCode::VerificationError => "verification error",
            ResultCode::NotPurchased => "service not purchased",
            ResultCode::Suspended => "service suspended",
            ResultCode::NoBalance => "no balance",
            ResultCode::Expired => "service expired",
            ResultCode::DailyCapReached => "daily volume cap reached",
            ResultCode::ParameterEmpty => "parameter empty",
            ResultCode::ParameterError => "parameter error",
            ResultCode::InternalError => "internal error",
            ResultCode::Other(_) | ResultCode::Unparsed(_) => return None,
        })
    }
}

/// The code as TrustDecision sent it: a number, or the raw text of an unparsable code.
impl fmt::Display for ResultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResultCode::Unparsed(raw) => write!(f, "{raw:?}"),
            code => write!(f, "{}", code.number().unwrap_or_default()),
        }
    }
}
