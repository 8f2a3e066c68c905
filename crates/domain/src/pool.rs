//! 巡察人才库: the pool of cadres who may serve on inspection teams, and the drawing of a team's
//! members from it with recusal (回避).
//!
//! A cadre is excluded from a team when any of its ties touches one of the team's targets: the
//! unit they work in is the target, lies inside it, or is the unit directly above it; a post they
//! left within the configured number of years was in the target or inside it; a declared
//! relative works there. Among those not excluded the draw takes, for each required expertise,
//! the cadres who have served least often, and among equals the one a seeded SplitMix64 puts
//! first: the same seed and the same recorded population always give the same team, so anyone
//! can draw it again from the record.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::error::Validator;
use crate::recheck::splitmix64;
use crate::{CadreId, OrgId, RuleError, coded_enum};

coded_enum!(
    /// What a cadre is good at, as offices sort their pools.
    Expertise {
        Finance = "finance" / "财务",
        Audit = "audit" / "审计",
        Discipline = "discipline" / "纪检",
        Organisation = "organisation" / "组织",
        Law = "law" / "法律",
        Engineering = "engineering" / "工程建设",
        Agriculture = "agriculture" / "农业农村",
        Information = "information" / "信息化",
    }
);

impl Expertise {
    /// The expertise named by its label ("财务") or its code ("finance").
    pub fn of_text(text: &str) -> Option<Self> {
        let t = text.trim();
        Self::ALL.iter().copied().find(|e| e.label() == t || e.code() == t)
    }
}

coded_enum!(
    /// How a cadre came to the team account they serve under. A link made by name is shown and
    /// can be undone: two people of one name in one unit are common, and the account is what a
    /// draw puts on a team.
    AccountLink {
        Unlinked = "none" / "未关联",
        ByName = "name" / "按同名同单位自动关联",
        Opened = "opened" / "抽取入组时开通",
        Office = "office" / "巡察办指定或核实",
        Refused = "refused" / "巡察办已解除关联",
        Earlier = "earlier" / "关联方式未记录",
    }
);

impl AccountLink {
    /// A link nobody checked: made by name, or before links were kept. A cadre so linked is not
    /// drawn until the office confirms it — the draw would put that account on the team.
    pub fn unverified(self) -> bool {
        matches!(self, AccountLink::ByName | AccountLink::Earlier)
    }
    /// Why a cadre so linked is not drawn, in the draw's record.
    pub fn unverified_reason(self) -> &'static str {
        match self {
            AccountLink::Earlier => "系统账号的关联方式未记录,巡察办尚未核实是否本人",
            _ => "系统账号系按同名同单位自动关联,巡察办尚未核实是否本人",
        }
    }
    /// Whether the office may undo the link: not an account a draw opened for the cadre.
    pub fn may_undo(self) -> bool {
        self != AccountLink::Opened
    }
}

/// At most this many expertises per cadre, slots per draw, cadres drawn at once, and cadres
/// in a draw's population (a county pool holds a few hundred).
pub const MAX_EXPERTISE: usize = 8;
pub const MAX_DRAWN: u32 = 12;
pub const MAX_POPULATION: usize = 5_000;
/// Former posts count for at most this many years.
pub const MAX_YEARS: u32 = 20;
/// The number of years a former post counts for when the office has not set one.
pub const DEFAULT_YEARS: u32 = 3;

/// Reads a cell such as "财务、审计" (separated by 、 , , ; ; or spaces): the expertises in
/// the order given, once each; or the first word that is none.
pub fn parse_expertise(text: &str) -> Result<Vec<Expertise>, String> {
    let mut out = Vec::new();
    for word in text.split(['、', ',', ',', ';', ';', ' ', '\u{3000}', '/']).filter(|w| !w.trim().is_empty()) {
        let Some(e) = Expertise::of_text(word) else {
            let known: Vec<&str> = Expertise::ALL.iter().map(|e| e.label()).collect();
            return Err(format!("无法识别的专长,应为以下之一:{}", known.join("、")));
        };
        if !out.contains(&e) {
            out.push(e);
        }
    }
    Ok(out)
}

/// The expertises as a cell shows them ("财务、审计").
pub fn expertise_text(list: &[Expertise]) -> String {
    list.iter().map(|e| e.label()).collect::<Vec<_>>().join("、")
}

/// How a cadre is tied to an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TieKind {
    /// Works there now.
    Home,
    /// Held `post` there until `left_on`.
    Former { post: String, left_on: Date },
    /// A relative (`relation`: 配偶, 兄弟 …) works there.
    Relative { relation: String },
    /// The cadre declared a conflict with it (回避申报: `reason` as declared).
    Declared,
}

/// A tie of a cadre to an organisation, with that organisation's ancestors (parent first), so
/// that a tie to a village reaches the township that is its target.
#[derive(Debug, Clone)]
pub struct Tie {
    pub org_id: OrgId,
    pub org_name: String,
    pub above: Vec<OrgId>,
    pub kind: TieKind,
}

/// A target of the team: its id, name, ancestors (parent first) and the unit that directly
/// supervises it (its parent, unless that is a county or city committee, which stands above
/// every target and recuses no one).
#[derive(Debug, Clone)]
pub struct Target {
    pub org_id: OrgId,
    pub name: String,
    pub above: Vec<OrgId>,
    pub supervisor: Option<OrgId>,
}

/// The day `years` years before `today` (29 February falls back to the 28th).
fn years_before(today: Date, years: u32) -> Date {
    let year = today.year() - years as i32;
    Date::from_calendar_date(year, today.month(), today.day())
        .or_else(|_| Date::from_calendar_date(year, Month::February, 28))
        .unwrap_or(Date::MIN)
}

/// Why a cadre with these ties may not inspect `target`, if they may not. A tie recuses when its
/// organisation is the target, lies inside it, or directly supervises it; a former post only
/// when left after the day `years` years before `today` (0: never); a declaration only for the
/// organisation declared.
pub fn recusal(ties: &[Tie], target: &Target, today: Date, years: u32) -> Option<String> {
    let name = &target.name;
    // Where the tie's organisation stands to the target, if it touches it.
    let place = |t: &Tie| {
        if t.org_id == target.org_id {
            Some(String::new())
        } else if t.above.contains(&target.org_id) {
            Some(format!("(隶属被巡察党组织{name})"))
        } else if target.supervisor == Some(t.org_id) {
            Some(format!("(被巡察党组织{name}的上级单位)"))
        } else {
            None
        }
    };
    ties.iter().find_map(|t| match &t.kind {
        TieKind::Home => place(t).map(|p| {
            if p.is_empty() {
                format!("本人在被巡察党组织{name}工作")
            } else {
                format!("本人所在单位{}{p}", t.org_name)
            }
        }),
        TieKind::Former { post, left_on } if in_force(&t.kind, today, years) => {
            place(t).map(|p| format!("曾任{}{post},{left_on}离任未满{years}年{p}", t.org_name))
        }
        TieKind::Relative { relation } => place(t).map(|p| format!("亲属({relation})在{}任职{p}", t.org_name)),
        TieKind::Declared if t.org_id == target.org_id => Some(format!("本人已申报与被巡察党组织{name}的回避关系")),
        _ => None,
    })
}

/// Whether a tie recuses on `today`: a former post only when left after the day `years` years
/// before (0: never); every other tie always.
pub fn in_force(kind: &TieKind, today: Date, years: u32) -> bool {
    match kind {
        TieKind::Former { left_on, .. } => years > 0 && *left_on > years_before(today, years),
        _ => true,
    }
}

/// Every organisation the ties recuse from — the rule of [`recusal`] read the other way, for a
/// member already on a team: a tie's own organisation, those it lies inside (`Tie::above`), and
/// those it directly supervises (`supervised`: its children, none for a committee, as
/// [`Target::supervisor`] reads it); a declaration only its own.
pub fn recused_orgs(ties: &[(Tie, Vec<OrgId>)], today: Date, years: u32) -> Vec<OrgId> {
    let mut out: Vec<OrgId> = Vec::new();
    for (t, supervised) in ties.iter().filter(|(t, _)| in_force(&t.kind, today, years)) {
        let reached: Vec<OrgId> = match t.kind {
            TieKind::Declared => vec![t.org_id],
            _ => std::iter::once(t.org_id).chain(t.above.iter().copied()).chain(supervised.iter().copied()).collect(),
        };
        for o in reached {
            if !out.contains(&o) {
                out.push(o);
            }
        }
    }
    out
}

/// Why a cadre may not inspect any of the targets, if they may not: the first target's reason.
pub fn recusal_from(ties: &[Tie], targets: &[Target], today: Date, years: u32) -> Option<String> {
    targets.iter().find_map(|t| recusal(ties, t, today, years))
}

/// A cadre as the draw saw it. Recorded in full with the draw, so that it can be drawn again
/// from the record alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Candidate {
    pub cadre_id: CadreId,
    pub name: String,
    pub expertise: Vec<Expertise>,
    /// How many teams the cadre had served on.
    pub served: u32,
    /// Why the cadre could not be drawn (回避, already on a team of the round), if so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded: Option<String>,
}

/// How many members of one expertise (or of any, `None`) the team needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Slot {
    #[serde(default)]
    pub expertise: Option<Expertise>,
    pub count: u32,
}

/// A cadre drawn, and for which slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Pick {
    pub cadre_id: CadreId,
    #[serde(default)]
    pub expertise: Option<Expertise>,
}

/// Checks what the office asks for: at least one member, at most `MAX_DRAWN`, each expertise
/// once.
pub fn check_slots(slots: &[Slot]) -> Result<(), RuleError> {
    let total: u32 = slots.iter().map(|s| s.count).fold(0, u32::saturating_add);
    let mut seen = BTreeSet::new();
    let repeated = slots.iter().any(|s| !seen.insert(s.expertise.map(|e| e.code())));
    Validator::new()
        .check(total >= 1, "slots", "请至少抽取1名成员")
        .check(total <= MAX_DRAWN, "slots", format!("一次最多抽取{MAX_DRAWN}名成员"))
        .check(!repeated, "slots", "同一专长只能填写一次")
        .finish()
}

/// The order a candidate is taken in: fewest services first, then the seeded random key.
fn rank(seed: u64, c: &Candidate) -> (u32, u64) {
    (c.served, splitmix64(splitmix64(seed) ^ c.cadre_id.get() as u64))
}

/// The team drawn. The slots become seats (those naming an expertise first, in the order given,
/// then "any"); the candidates not excluded are taken in rank order — fewest services first,
/// ties broken by the seed — each kept if the seats can still all be filled with them (a
/// matching found by augmenting paths), so a cadre with two expertises never takes the seat
/// another needed, and the team is the best-ranked one that fills every seat. Refused, naming
/// what is short, when no such team exists.
pub fn draw_members(seed: u64, population: &[Candidate], slots: &[Slot]) -> Result<Vec<Pick>, RuleError> {
    check_slots(slots)?;
    if population.len() > MAX_POPULATION {
        return Err(RuleError::invalid("slots", format!("人才库超过{MAX_POPULATION}人,请按单位分批抽取")));
    }
    let mut ordered: Vec<&Slot> = slots.iter().filter(|s| s.expertise.is_some()).collect();
    ordered.extend(slots.iter().filter(|s| s.expertise.is_none()));
    let seats: Vec<Option<Expertise>> =
        ordered.iter().flat_map(|s| std::iter::repeat_n(s.expertise, s.count as usize)).collect();
    let mut ranked: Vec<&Candidate> = population.iter().filter(|c| c.excluded.is_none()).collect();
    ranked.sort_by_key(|c| rank(seed, c));
    let mut holder: Vec<Option<usize>> = vec![None; seats.len()];
    let mut filled = 0;
    for ci in 0..ranked.len() {
        if filled == seats.len() {
            break;
        }
        let mut visited = vec![false; seats.len()];
        if augment(ci, &ranked, &seats, &mut holder, &mut visited) {
            filled += 1;
        }
    }
    if filled < seats.len() {
        return Err(RuleError::state(shortage(&ranked, &ordered, seats.len())));
    }
    Ok(seats
        .iter()
        .zip(holder)
        .filter_map(|(seat, h)| h.map(|ci| Pick { cadre_id: ranked[ci].cadre_id, expertise: *seat }))
        .collect())
}

fn fits(c: &Candidate, seat: Option<Expertise>) -> bool {
    seat.is_none_or(|e| c.expertise.contains(&e))
}

/// Seats `ci` in a free seat it fits, moving holders along to others they fit (Kuhn's
/// augmenting path; each seat visited once, so at most `MAX_DRAWN` deep).
fn augment(
    ci: usize,
    ranked: &[&Candidate],
    seats: &[Option<Expertise>],
    holder: &mut [Option<usize>],
    visited: &mut [bool],
) -> bool {
    for s in 0..seats.len() {
        if visited[s] || !fits(ranked[ci], seats[s]) {
            continue;
        }
        visited[s] = true;
        let free = match holder[s] {
            None => true,
            Some(other) => augment(other, ranked, seats, holder, visited),
        };
        if free {
            holder[s] = Some(ci);
            return true;
        }
    }
    false
}

/// Why the seats cannot all be filled: the first slot with too few candidates, else the whole.
fn shortage(ranked: &[&Candidate], ordered: &[&Slot], seats: usize) -> String {
    for slot in ordered {
        let can = ranked.iter().filter(|c| fits(c, slot.expertise)).count();
        if can < slot.count as usize {
            let what = slot.expertise.map_or("不限专长".to_string(), |e| format!("专长“{}”", e.label()));
            return format!("{what}的可抽人员不足:需要{}人,除去回避的只有{can}人", slot.count);
        }
    }
    if ranked.len() < seats {
        return format!("抽取人数共{seats}人,除去回避的只有{}人", ranked.len());
    }
    "可抽人员不足以同时满足各专长的人数要求(兼有几项专长的人员只能占一个名额),请减少人数或调整要求".to_string()
}

/// Whether a candidate may replace a member: not excluded, not already on the team.
pub fn check_replacement(c: &Candidate, on_team: &[CadreId]) -> Result<(), RuleError> {
    if let Some(why) = &c.excluded {
        return Err(RuleError::invalid("in_cadre_id", format!("{}不能替换入组:{why}", c.name)));
    }
    if on_team.contains(&c.cadre_id) {
        return Err(RuleError::invalid("in_cadre_id", format!("{}已在本组", c.name)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn org(n: i64) -> OrgId {
        OrgId::new(n)
    }

    // The county committee 1; 谷前堡镇党委 10 under it; 西堡村党支部 11 under 10; 县农业农村局 20.
    // 1, the county committee, supervises no target.
    fn township() -> Target {
        Target { org_id: org(10), name: "谷前堡镇党委".into(), above: vec![org(1)], supervisor: None }
    }
    fn village() -> Target {
        Target {
            org_id: org(11), name: "西堡村党支部".into(), above: vec![org(10), org(1)], supervisor: Some(org(10))
        }
    }
    fn tie(n: i64, above: &[i64], kind: TieKind) -> Tie {
        Tie { org_id: org(n), org_name: format!("单位{n}"), above: above.iter().map(|a| org(*a)).collect(), kind }
    }
    const TODAY: Date = date!(2023 - 09 - 01);

    #[test]
    fn the_own_unit_a_unit_inside_and_the_unit_directly_above_are_recused() {
        assert_eq!(
            recusal(&[tie(10, &[1], TieKind::Home)], &township(), TODAY, 3).unwrap(),
            "本人在被巡察党组织谷前堡镇党委工作"
        );
        // Under a city committee the county committee is still no supervisor.
        let deep =
            Target {
                org_id: org(10), name: "谷前堡镇党委".into(), above: vec![org(1), org(0)], supervisor: None
            };
        assert_eq!(recusal(&[tie(1, &[0], TieKind::Home)], &deep, TODAY, 3), None);
        assert!(recusal(&[tie(11, &[10, 1], TieKind::Home)], &township(), TODAY, 3).unwrap().contains("隶属"));
        assert!(recusal(&[tie(10, &[1], TieKind::Home)], &village(), TODAY, 3).unwrap().contains("上级单位"));
        // The county committee stands above every target: its staff are not recused for it.
        assert_eq!(recusal(&[tie(1, &[], TieKind::Home)], &township(), TODAY, 3), None);
        assert_eq!(recusal(&[tie(20, &[1], TieKind::Home)], &township(), TODAY, 3), None);
    }

    #[test]
    fn a_former_post_counts_only_within_the_years_set() {
        let former = |left_on| tie(11, &[10, 1], TieKind::Former { post: "驻村干部".into(), left_on });
        assert!(recusal(&[former(date!(2021 - 09 - 02))], &township(), TODAY, 2).unwrap().contains("未满2年"));
        assert_eq!(recusal(&[former(date!(2021 - 09 - 01))], &township(), TODAY, 2), None);
        assert_eq!(recusal(&[former(date!(2023 - 01 - 01))], &township(), TODAY, 0), None);
        // A former post in the unit that supervises the target recuses too (a township's former
        // head does not inspect a village he ran).
        let head = tie(10, &[1], TieKind::Former { post: "镇长".into(), left_on: date!(2022 - 12 - 31) });
        assert_eq!(
            recusal(&[head], &village(), TODAY, 3).unwrap(),
            "曾任单位10镇长,2022-12-31离任未满3年(被巡察党组织西堡村党支部的上级单位)"
        );
    }

    #[test]
    fn a_relative_in_the_target_or_inside_it_recuses() {
        let rel = tie(11, &[10, 1], TieKind::Relative { relation: "配偶".into() });
        assert!(recusal(std::slice::from_ref(&rel), &township(), TODAY, 3).unwrap().contains("亲属(配偶)"));
        assert!(recusal(std::slice::from_ref(&rel), &village(), TODAY, 3).is_some());
        let elsewhere = tie(20, &[1], TieKind::Relative { relation: "兄弟".into() });
        assert_eq!(recusal(&[elsewhere], &township(), TODAY, 3), None);
    }

    /// The set a member's requests are judged by agrees with the rule a draw and an assignment
    /// apply, target by target, for every kind of tie, in force or not.
    #[test]
    fn the_organisations_recused_from_are_those_the_rule_recuses_target_by_target() {
        // 1 the county committee; 10 a township with villages 11 and 12; 20 a bureau with unit 21.
        let parent = |n: i64| match n {
            10 | 20 => Some(1),
            11 | 12 => Some(10),
            21 => Some(20),
            _ => None,
        };
        let above = |n: i64| {
            let mut out = Vec::new();
            let mut cur = parent(n);
            while let Some(p) = cur {
                out.push(p);
                cur = parent(p);
            }
            out
        };
        let children = |n: i64| {
            if n == 1 {
                Vec::new()
            } else {
                [10, 11, 12, 20, 21].into_iter().filter(|c| parent(*c) == Some(n)).map(org).collect()
            }
        };
        let target = |n: i64| Target {
            org_id: org(n),
            name: format!("单位{n}"),
            above: above(n).into_iter().map(org).collect(),
            supervisor: parent(n).filter(|p| *p != 1).map(org),
        };
        let at = |n: i64, kind: TieKind| (tie(n, &above(n), kind), children(n));
        let former = |left_on| TieKind::Former { post: "副镇长".into(), left_on };
        let cases: Vec<Vec<(Tie, Vec<OrgId>)>> = vec![
            vec![at(10, TieKind::Home)],
            vec![at(11, TieKind::Home), at(21, TieKind::Relative { relation: "配偶".into() })],
            vec![at(20, former(date!(2022 - 01 - 01)))],
            vec![at(10, former(date!(2019 - 01 - 01)))],
            vec![at(12, TieKind::Declared), at(1, TieKind::Home)],
        ];
        for ties in &cases {
            let set = recused_orgs(ties, TODAY, 3);
            let plain: Vec<Tie> = ties.iter().map(|(t, _)| t.clone()).collect();
            for n in [10, 11, 12, 20, 21] {
                let by_rule = recusal(&plain, &target(n), TODAY, 3).is_some();
                assert_eq!(set.contains(&org(n)), by_rule, "target {n}, ties {plain:?}");
            }
        }
        // A former post out of the years set recuses from nothing.
        assert!(recused_orgs(&cases[3], TODAY, 3).is_empty());
    }

    #[test]
    fn the_29th_of_february_falls_back_a_day_in_other_years() {
        assert_eq!(years_before(date!(2024 - 02 - 29), 1), date!(2023 - 02 - 28));
    }

    fn cand(id: i64, expertise: &[Expertise], served: u32, excluded: bool) -> Candidate {
        Candidate {
            cadre_id: CadreId::new(id),
            name: format!("干部{id}"),
            expertise: expertise.to_vec(),
            served,
            excluded: excluded.then(|| "回避".to_string()),
        }
    }

    fn pool() -> Vec<Candidate> {
        use Expertise::*;
        vec![
            cand(1, &[Finance], 2, false),
            cand(2, &[Finance, Audit], 0, false),
            cand(3, &[Finance], 0, true),
            cand(4, &[Discipline], 1, false),
            cand(5, &[Discipline], 1, false),
            cand(6, &[Organisation], 0, false),
            cand(7, &[Law], 0, false),
        ]
    }

    #[test]
    fn the_least_served_with_the_expertise_are_drawn_and_the_excluded_never() {
        let slots = [Slot { expertise: Some(Expertise::Finance), count: 1 }];
        for seed in 0..200 {
            // 3 is excluded; 2 has served less than 1.
            assert_eq!(draw_members(seed, &pool(), &slots).unwrap()[0].cadre_id, CadreId::new(2));
        }
    }

    #[test]
    fn equals_are_drawn_by_the_seed_and_the_same_seed_gives_the_same_team() {
        let slots = [Slot { expertise: Some(Expertise::Discipline), count: 1 }, Slot { expertise: None, count: 2 }];
        let mut firsts = BTreeSet::new();
        for seed in 0..64 {
            let a = draw_members(seed, &pool(), &slots).unwrap();
            assert_eq!(a, draw_members(seed, &pool(), &slots).unwrap());
            assert_eq!(a.len(), 3);
            let ids: BTreeSet<_> = a.iter().map(|p| p.cadre_id).collect();
            assert_eq!(ids.len(), 3, "no one twice");
            assert!(!ids.contains(&CadreId::new(3)));
            firsts.insert(a[0].cadre_id);
        }
        assert_eq!(firsts, [CadreId::new(4), CadreId::new(5)].into(), "both equals come up");
        // The population's order does not matter.
        let mut reversed = pool();
        reversed.reverse();
        assert_eq!(draw_members(9, &reversed, &slots).unwrap(), draw_members(9, &pool(), &slots).unwrap());
    }

    #[test]
    fn too_few_left_is_refused_naming_the_expertise() {
        let slots = [Slot { expertise: Some(Expertise::Finance), count: 3 }];
        let e = draw_members(1, &pool(), &slots).unwrap_err().message();
        assert!(e.contains("财务") && e.contains("需要3人") && e.contains("只有2人"), "{e}");
        assert!(check_slots(&[]).is_err());
        assert!(check_slots(&[Slot { expertise: None, count: 13 }]).is_err());
        assert!(check_slots(&[Slot { expertise: None, count: 1 }, Slot { expertise: None, count: 1 }]).is_err());
        assert!(
            check_slots(&[
                Slot { expertise: None, count: u32::MAX },
                Slot { expertise: Some(Expertise::Law), count: 2 }
            ])
            .is_err()
        );
    }

    #[test]
    fn a_cadre_of_two_expertises_never_takes_the_seat_another_needed() {
        use Expertise::*;
        // A (finance and audit) ranks before B (finance only): A must sit as auditor.
        let pool = vec![cand(1, &[Finance, Audit], 0, false), cand(2, &[Finance], 1, false)];
        let slots = [Slot { expertise: Some(Finance), count: 1 }, Slot { expertise: Some(Audit), count: 1 }];
        for seed in 0..32 {
            let picks = draw_members(seed, &pool, &slots).unwrap();
            assert_eq!(picks[0], Pick { cadre_id: CadreId::new(2), expertise: Some(Finance) });
            assert_eq!(picks[1], Pick { cadre_id: CadreId::new(1), expertise: Some(Audit) });
        }
        // Two seats only A fits cannot both be filled: said as a whole.
        let one = vec![cand(1, &[Finance, Audit], 0, false), cand(3, &[Law], 0, false)];
        let e = draw_members(3, &one, &slots).unwrap_err().message();
        assert!(e.contains("不足以同时满足"), "{e}");
        let e = draw_members(1, &pool, &[Slot { expertise: None, count: 3 }]).unwrap_err().message();
        assert!(e.contains("不限专长") && e.contains("只有2人"), "{e}");
    }

    #[test]
    fn expertise_cells_are_read_from_labels_and_codes() {
        assert_eq!(
            parse_expertise("财务、审计, law;财务").unwrap(),
            vec![Expertise::Finance, Expertise::Audit, Expertise::Law]
        );
        assert_eq!(parse_expertise("").unwrap(), vec![]);
        assert!(parse_expertise("财务、木工").unwrap_err().contains("无法识别"));
        assert_eq!(expertise_text(&[Expertise::Law, Expertise::Finance]), "法律、财务");
    }

    #[test]
    fn a_replacement_must_be_free_and_new_to_the_team() {
        assert!(check_replacement(&cand(3, &[], 0, true), &[]).unwrap_err().message().contains("回避"));
        assert!(check_replacement(&cand(2, &[], 0, false), &[CadreId::new(2)]).is_err());
        assert!(check_replacement(&cand(2, &[], 0, false), &[CadreId::new(1)]).is_ok());
    }
}
