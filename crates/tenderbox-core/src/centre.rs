//! The trading centres of the unified platform: the Huzhou city centre and its six
//! sub-centres. Every tender belongs to one; identities, experts and credit are
//! shared by all (docs/domain.md, "Platform levels").

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Centre {
    /// Stable code used in documents and URLs.
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    /// Administrative division code (GB/T 2260) of the district served.
    pub division: &'static str,
    /// `None` for the city centre; the city centre's code for a sub-centre.
    pub parent: Option<&'static str>,
}

pub const CENTRES: [Centre; 7] = [
    Centre {
        code: "HZ",
        name_zh: "湖州市公共资源交易中心",
        name_en: "Huzhou Public Resource Trading Centre",
        division: "330500",
        parent: None,
    },
    Centre {
        code: "HZ-DQ",
        name_zh: "德清县公共资源交易分中心",
        name_en: "Deqing County sub-centre",
        division: "330521",
        parent: Some("HZ"),
    },
    Centre {
        code: "HZ-CX",
        name_zh: "长兴县公共资源交易分中心",
        name_en: "Changxing County sub-centre",
        division: "330522",
        parent: Some("HZ"),
    },
    Centre {
        code: "HZ-AJ",
        name_zh: "安吉县公共资源交易分中心",
        name_en: "Anji County sub-centre",
        division: "330523",
        parent: Some("HZ"),
    },
    Centre {
        code: "HZ-WX",
        name_zh: "吴兴区公共资源交易分中心",
        name_en: "Wuxing District sub-centre",
        division: "330502",
        parent: Some("HZ"),
    },
    Centre {
        code: "HZ-NX",
        name_zh: "南浔区公共资源交易分中心",
        name_en: "Nanxun District sub-centre",
        division: "330503",
        parent: Some("HZ"),
    },
    Centre {
        code: "HZ-KFQ",
        name_zh: "湖州经济技术开发区公共资源交易分中心",
        name_en: "Huzhou Development Zone sub-centre",
        division: "330501",
        parent: Some("HZ"),
    },
];

pub fn centre(code: &str) -> Option<&'static Centre> {
    CENTRES.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_city_centre_and_six_sub_centres() {
        assert_eq!(CENTRES.iter().filter(|c| c.parent.is_none()).count(), 1);
        assert_eq!(CENTRES.iter().filter(|c| c.parent == Some("HZ")).count(), 6);
        let mut codes: Vec<_> = CENTRES.iter().map(|c| c.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), 7);
        assert_eq!(centre("HZ-AJ").unwrap().name_zh, "安吉县公共资源交易分中心");
    }
}
