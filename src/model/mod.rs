//! The shared model every stage speaks: entities ([`entity`]), relations and their vocabulary
//! ([`relation`]), the attribute group of a statement ([`attributes`]), money ([`amount`]) and
//! partial dates ([`date`]). It depends on nothing else in the crate.

pub mod amount;
pub mod attributes;
pub mod date;
pub mod entity;
pub mod relation;

pub use attributes::Attributes;
