//! Finding the year a ledger is about, from its title, file name or deadline texts.

/// The first plausible year (2000–2099) written in the text, as in "（2022—2025年）" or
/// "2022年持续优化…".
pub fn first_year(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len().saturating_sub(3)).find_map(|i| {
        let before_is_digit = i > 0 && chars[i - 1].is_ascii_digit();
        let window = &chars[i..i + 4];
        let after_is_digit = chars.get(i + 4).is_some_and(|c| c.is_ascii_digit());
        if before_is_digit || after_is_digit || window[0] != '2' || window[1] != '0' {
            return None;
        }
        window.iter().collect::<String>().parse().ok()
    })
}

/// The earliest year written across the texts, for a ledger whose title names none: plans set
/// deadlines in their own year or later.
pub fn earliest_year<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<i32> {
    texts.into_iter().filter_map(first_year).min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_titles() {
        assert_eq!(first_year("鄂尔多斯市金融支持人才和科技创新工作方案（2022—2025年）"), Some(2022));
        assert_eq!(first_year("2022年示范区财政金融局持续优化获得信贷领域营商环境工作台账"), Some(2022));
        assert_eq!(first_year("全市强化市场主体倍增金融业要素服务保障行动计划抓落实清单"), None);
        assert_eq!(first_year("贷款余额突破20亿元"), None);
        assert_eq!(first_year("编号120235"), None);
    }

    #[test]
    fn earliest_year_of_deadlines() {
        assert_eq!(earliest_year(["2024年6月", "2023年底", "2025年前完成"]), Some(2023));
        assert_eq!(earliest_year(["长期坚持"]), None);
    }
}
